package io.github.punetfiji.cli;

import io.github.punetfiji.model.runtime.TorchRuntime;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.train.EmbeddingProbe;
import io.github.punetfiji.train.TrainingData;
import io.github.punetfiji.train.views.Sample;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./punet probe --ckpt M --dir_images D --dir_masks D [--support N] [--random_init]}: the
 * nearest-prototype probe of the model's embeddings (prototypes from the first N subjects, scored on the
 * rest); with {@code --random_init} the same architecture freshly initialised, as the baseline.
 */
final class ProbeCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		Path ckpt = args.requiredPath("ckpt");
		Path images = args.requiredPath("dir_images");
		Path masks = args.requiredPath("dir_masks");
		int support = args.integer("support", 2);
		int sliceStep = args.integer("slice_step", 4);
		boolean random = args.flag("random_init");
		long seed = args.integer("seed", 42);
		String intensity = args.choice("intensity", "ct", "ct", "percentile", "none");
		int[] cls = args.integers("label_indices", null);
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		try (NDManager root = NDManager.newBaseManager(compute.resolve(System.err))) {
			PunetModel model;
			if (random) {
				TorchRuntime.engine().setRandomSeed((int) seed);
				ModelMetadata md = io.github.punetfiji.model.file.ModelFile.read(ckpt).metadata();
				model = PunetModel.create(md, root);
			} else {
				model = PunetModel.load(ckpt, root);
			}
			try (model) {
				int c = model.network().config().outChannels();
				List<Sample> all = TrainingData.load(images, masks, Intensity.parse(intensity), c);
				if (all.size() <= support)
					throw new PunetException("--support " + support + " leaves no query subject among " + all.size());
				int[] li = new int[c];
				li[0] = 1;
				int[] active = cls != null ? cls : model.network().config().labelIndicesBase();
				li[active.length > 0 ? active[0] : 1] = 1;
				EmbeddingProbe.Result r = EmbeddingProbe.run(model.network(), all.subList(0, support), all.subList(support, all.size()), li,
						sliceStep);
				Map<String, Object> j = new LinkedHashMap<>();
				j.put("model", ckpt.toString());
				j.put("random_init", random);
				j.put("balanced_accuracy", r.balancedAccuracy());
				Map<String, Object> rec = new LinkedHashMap<>();
				r.recall().forEach((k, v) -> rec.put(Integer.toString(k), v));
				j.put("recall", rec);
				j.put("voxels", r.voxels());
				out.println(Json.write(j));
			}
		}
		return 0;
	}

	@Override
	public String usage() {
		return "probe --ckpt M --dir_images D --dir_masks D [--support N] [--random_init]  nearest-prototype probe of the embeddings";
	}
}
