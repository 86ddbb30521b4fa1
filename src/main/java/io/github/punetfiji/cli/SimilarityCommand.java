package io.github.punetfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.infer.InferenceModel;
import io.github.punetfiji.Progress;
import io.github.punetfiji.infer.SimilarityMap;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.GradMode;
import io.github.punetfiji.model.PunetModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./punet similarity}: the similarity map of the embedding at one voxel ({@link SimilarityMap}),
 * written as {@code <out>/<stem>_similarity.nii.gz} (float32, the image's geometry, NaN outside the
 * embedded region) and {@code <out>/<stem>_similarity.png} ({@link SimilarityOverlay}, the point's
 * slice); prints one JSON line. Thin: flags → {@link SimilarityMap}.
 */
final class SimilarityCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		return run(args, out, System.err);
	}

	@Override
	public int run(Args args, PrintStream out, PrintStream err) {
		Path ckpt = args.requiredPath("ckpt");
		Path imageFile = args.requiredPath("image");
		int[] point = args.integers("point", null);
		if (point == null) throw new PunetException("missing required flag --point x,y,z");
		if (point.length != 3) throw new PunetException("flag --point needs three voxel coordinates x,y,z, got " + point.length + " value(s)");
		Path outDir = args.requiredPath("out");
		int[] classes = args.integers("label_indices", null);
		boolean withoutPrompts = args.flag("without_prompts");
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		if (withoutPrompts && classes != null) throw new PunetException("--label_indices chooses prompts; it cannot go with --without_prompts");
		if (!Files.isRegularFile(ckpt)) throw new PunetException("--ckpt: no such model file: " + ckpt);
		if (Files.exists(outDir) && !Files.isDirectory(outDir)) throw new PunetException("--out: " + outDir + " is a file; give a folder");
		Volume<?> image = Volumes.open(imageFile);
		SimilarityMap.checkPoint(point, image.dims()); // NB: before loading the model
		String stem = Volumes.stem(imageFile);
		Path map = outDir.resolve(stem + "_similarity.nii.gz");
		Path png = outDir.resolve(stem + "_similarity.png");

		Device device = compute.resolve(err);
		try (NDManager manager = NDManager.newBaseManager(device); PunetModel model = PunetModel.load(ckpt, manager); GradMode noGrad = GradMode.off()) {
			InferenceModel m = InferenceModel.of(model);
			SimilarityMap.Result r = new SimilarityMap(m).compute(image, point, !withoutPrompts, classes, Progress.NONE);
			Volumes.save(r.map(), map);
			SimilarityOverlay.writePng(SimilarityOverlay.render(image, r.map(), point, m.intensity()), png);
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("map", map.toString());
			summary.put("overlay", png.toString());
			summary.put("point", Arrays.stream(point).boxed().toList());
			summary.put("region_start", Arrays.stream(r.region().start()).boxed().toList());
			summary.put("region_size", Arrays.stream(r.region().size()).boxed().toList());
			summary.put("prompts", Arrays.stream(r.activeClasses()).boxed().toList());
			summary.put("device", device.isGpu() ? "gpu" : "cpu");
			out.println(Json.write(summary));
		}
		return 0;
	}

	@Override
	public String usage() {
		return "similarity --ckpt M.punet --image F --point x,y,z --out DIR [--label_indices I…] [--without_prompts] [--device auto|cpu|gpu] [--threads N]\n"
				+ "                                 the cosine similarity of the embedding at the point to every voxel (teacher view):"
				+ " <stem>_similarity.nii.gz and .png";
	}
}
