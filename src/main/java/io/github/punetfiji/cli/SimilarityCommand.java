package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.api.Punet;
import io.github.punetfiji.api.SimilarityRequest;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.Progress;
import io.github.punetfiji.io.Json;
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
 * slice); prints one JSON line. Thin: flags → a {@link SimilarityRequest} for {@link Punet#similarity}, as Fiji's Similarity Map.
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
		Path outDir = args.requiredPath("out");
		int[] classes = args.integers("label_indices", null);
		boolean withoutPrompts = args.flag("without_prompts");
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		if (withoutPrompts && classes != null)
			throw new PunetException("--label_indices chooses prompts; it cannot go with --without_prompts");
		if (!Files.isRegularFile(ckpt)) throw new PunetException("--ckpt: no such model file: " + ckpt);
		if (Files.exists(outDir) && !Files.isDirectory(outDir)) throw new PunetException("--out: " + outDir + " is a file; give a folder");
		Volume<?> image = Volumes.open(imageFile);
		Punet.checkPoint(point, image); // NB: before loading the model
		String stem = Volumes.stem(imageFile);
		Path map = outDir.resolve(stem + "_similarity.nii.gz");
		Path png = outDir.resolve(stem + "_similarity.png");

		compute.resolve(err);
		SimilarityResult r = Punet.similarity(new SimilarityRequest(ckpt, image, point, !withoutPrompts, classes, compute.request()),
				Progress.NONE);
		Volumes.save(r.map(), map);
		SimilarityOverlay.writePng(SimilarityOverlay.render(image, r.map(), point, r.intensity()), png);
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("map", map.toString());
		summary.put("overlay", png.toString());
		summary.put("point", Arrays.stream(point).boxed().toList());
		summary.put("region_start", Arrays.stream(r.regionStart()).boxed().toList());
		summary.put("region_size", Arrays.stream(r.regionSize()).boxed().toList());
		summary.put("prompts", Arrays.stream(r.prompts()).boxed().toList());
		summary.put("device", r.device().startsWith("gpu") ? "gpu" : "cpu");
		out.println(Json.write(summary));
		return 0;
	}

	@Override
	public String usage() {
		return "similarity --ckpt M.punet --image F --point x,y,z --out DIR [--label_indices I…] [--without_prompts] [--device "
				+ "auto|cpu|gpu] [--threads N]\n"
				+ "                                 the cosine similarity of the embedding at the point to every voxel (teacher view):"
				+ " <stem>_similarity.nii.gz and .png";
	}
}
