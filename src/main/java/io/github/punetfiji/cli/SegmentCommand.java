package io.github.punetfiji.cli;

import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.api.Punet;
import io.github.punetfiji.api.SegmentFolderRequest;
import io.github.punetfiji.api.SegmentFolderResult;
import io.github.punetfiji.io.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./punet --mode predict|test}: segments every image of {@code --dir_images} with a model file
 * and writes the label images (and probabilities); {@code test} also scores them against
 * {@code --dir_masks}, writes {@code metrics.csv} and prints the summary line. Thin: parses flags into a
 * {@link SegmentFolderRequest} for {@link Punet#segmentFolder}, the same request as Fiji's Segment Folder.
 */
final class SegmentCommand implements Subcommand {
	private final boolean test;

	SegmentCommand(boolean test) {
		this.test = test;
	}

	@Override
	public int run(Args args, PrintStream out) {
		return run(args, out, System.err);
	}

	@Override
	public int run(Args args, PrintStream out, PrintStream err) {
		args.string("mode", null);
		Path ckpt = args.requiredPath("ckpt");
		Path images = args.requiredPath("dir_images");
		Path masks = test ? args.requiredPath("dir_masks") : null;
		Path outDir = args.requiredPath("out");
		int[] downstream = args.integers("label_indices_downstream_active", null);
		int[] base = args.integers("label_indices_base", null);
		if (downstream != null && base != null)
			throw new PunetException("give the classes to segment once: --label_indices_downstream_active or --label_indices_base");
		double overlap = args.number("sliding_window_overlap", 0.5);
		int batch = args.integer("batch_size", 4);
		String intensity = args.choice("intensity", null, "ct", "percentile", "none");
		String blending = args.choice("blending", "constant", "constant", "gaussian");
		boolean probabilities = args.flag("save_probabilities");
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		if (!Files.isRegularFile(ckpt)) throw new PunetException("--ckpt: no such model file: " + ckpt);

		int[] classes = downstream != null ? downstream : base;
		SegmentFolderRequest request = new SegmentFolderRequest(ckpt, images, masks, outDir, classes, overlap, probabilities,
				intensity == null ? null : Intensity.parse(intensity), compute.request(), blending, batch);
		Punet.checkFolders(request); // NB: refuse bad folders before the device is chosen and the model loaded
		// NB: Ctrl-C cancels between windows (exit 3; a second Ctrl-C exits at once, TempFiles removes the staged
		// outputs); a kill also cancels, and its hook waits until the staged outputs are removed.
		java.util.concurrent.atomic.AtomicBoolean cancelled = RuntimeFlags.cancelOnInterrupt();
		compute.resolve(err);
		java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
		Thread hook = new Thread(() -> {
			cancelled.set(true);
			try {
				finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			SegmentFolderResult r = Punet.segmentFolder(request, Progress.cancelling(cancelled::get));
			err.printf(Locale.ROOT, "punet: %d image(s), %d windows, %.1f ms per window; wrote %d file(s) to %s%n", r.images(), r.windows(),
					r.millisPerWindow(), r.written().size(), outDir);
			Map<String, Object> summary = new LinkedHashMap<>();
			if (test) {
				summary.putAll(r.summary());
				summary.put("trainable_fraction", r.trainableFraction());
			} else {
				summary.put("images", r.images());
				summary.put("out", outDir.toString());
			}
			summary.put("device", r.device().startsWith("gpu") ? "gpu" : "cpu");
			out.println(Json.write(summary));
		} finally {
			finished.countDown();
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			} catch (IllegalStateException e) {
				// the JVM is already shutting down
			}
		}
		return 0;
	}

	@Override
	public String usage() {
		String common = " --ckpt M.punet --dir_images DIR" + (test ? " --dir_masks DIR" : "") + " --out DIR [--save_probabilities]"
				+ " [--label_indices_downstream_active I…] [--sliding_window_overlap 0.5] [--blending constant|gaussian] [--batch_size 4]"
				+ " [--intensity ct|percentile|none] [--device auto|cpu|gpu] [--threads N]\n                                 ";
		return test
				? "--mode test" + common + "segment every image, score against the masks, write metrics.csv, print a summary line"
				: "--mode predict" + common + "segment every image: <stem>_labels.nii.gz (and <stem>_prob_<class>.nii.gz)";
	}
}
