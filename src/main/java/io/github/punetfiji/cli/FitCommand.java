package io.github.punetfiji.cli;

import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.cli.bench.Memory;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.api.FitRequest;
import io.github.punetfiji.api.Punet;
import io.github.punetfiji.api.TrainResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./punet --mode fit …}: phase 1 training, or with {@code --downstream} the adaptation of
 * {@code --ckpt} (prompt tuning with {@code --selective_freezing}, or another {@code --adaptation_variant}).
 * Progress goes to stderr, one JSON summary line to stdout. Ctrl-C cancels after the current step (exit 3).
 */
final class FitCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		return run(args, out, System.err);
	}

	@Override
	public int run(Args args, PrintStream out, PrintStream err) {
		args.choice("mode", "fit", "fit");
		Path dirImages = args.path("dir_images", null);
		Path dirMasks = args.path("dir_masks", null);
		Path outDir = args.path("out", null);
		Path ckpt = args.path("ckpt", null);
		boolean coldStart = args.flag("cold_start");
		boolean overwrite = args.flag("overwrite");
		boolean resume = args.flag("resume");
		boolean noOverwrite = args.flag("no_overwrite"); // NB: the default now; kept so older scripts still run
		if (overwrite && (resume || noOverwrite))
			throw new PunetException("give one of --overwrite, --resume" + (noOverwrite ? ", --no_overwrite" : ""));
		FitRequest.Existing existing = overwrite
				? FitRequest.Existing.OVERWRITE
				: resume ? FitRequest.Existing.RESUME : FitRequest.Existing.REFUSE;
		String preset = args.choice("preset", "2d", FitRequest.PRESETS.toArray(new String[0]));
		String loss = args.choice("loss", "meta_self", FitRequest.LOSSES.toArray(new String[0]));
		String intensity = args.choice("intensity", "ct", "ct", "percentile", "none");
		int batchSize = args.integer("batch_size", 4);
		int maxEpochs = args.integer("max_epochs", 10);
		int maxSteps = args.integer("max_steps", -1);
		long seed = args.integer("seed", 42);
		int checkpointEvery = args.integer("checkpoint_every", FitRequest.DEFAULT_CHECKPOINT_EVERY);
		boolean referenceBatchNorm = args.flag("reference_batch_norm");
		Path dirImagesVal = args.path("dir_images_val", null);
		Path dirMasksVal = args.path("dir_masks_val", null);
		List<String> valSubjects = args.list("val_subjects");
		int[] valSlices = args.integers("val_slices", new int[0]);
		Integer valEvery = args.has("val_every") ? args.integer("val_every", -1) : null;
		int valMaxSlices = args.integer("val_max_slices", FitRequest.DEFAULT_VAL_MAX_SLICES);
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		Map<String, Object> config = ConfigFlags.read(args);
		String command = "punet " + String.join(" ", args.commandLine());
		args.finish();
		FitRequest request = new FitRequest(dirImages, dirMasks, outDir, ckpt, coldStart, existing, preset, loss, intensity, batchSize,
				maxEpochs, maxSteps, seed, checkpointEvery, referenceBatchNorm, dirImagesVal, dirMasksVal, valSubjects, valSlices, valEvery,
				valMaxSlices, compute.request(), config, command);
		AtomicBoolean cancelled = RuntimeFlags.cancelOnInterrupt();
		TrainResult r = Punet.fit(request, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void trainingStep(TrainingStep e) {
				int every = Math.max(1, e.total() / 50);
				if (e.step() % every == 0 || e.step() == e.total() || e.step() == 1 || e.validation() != null) {
					err.println(String.format(Locale.ROOT,
							"punet: step %d/%d epoch %d loss %.5f %s%s lr %.3g eta %.0fs rss %dMB heap %dMB arrays %d", e.step(), e.total(),
							e.epoch(), e.loss(), parts(e.losses()), validation(e), e.learningRates().length > 0 ? e.learningRates()[0] : 0,
							e.etaSeconds(), Memory.rss() >> 20, Runtime.getRuntime().totalMemory() >> 20, e.liveArrays()));
				}
			}

			@Override
			public void message(String message) {
				err.println("punet: " + message);
			}
		}, cancelled::get));
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("model", r.model().toString());
		summary.put("steps", r.steps());
		summary.put("final_loss", r.finalLoss());
		summary.put("trainable_parameters", r.trainableParameters());
		summary.put("trainable_fraction", r.trainableFraction());
		summary.put("device", r.device());
		if (r.validated()) {
			summary.put("val_dice", Double.isNaN(r.valDice()) ? null : r.valDice());
			summary.put("best_model", r.bestModel() == null ? null : r.bestModel().toString());
			summary.put("best_step", r.bestModel() == null ? null : r.bestStep());
			summary.put("best_val_dice", r.bestModel() == null ? null : r.bestValDice());
		}
		out.println(Json.write(summary));
		return 0;
	}

	/** {@code " val_dice 0.7123 (3.2s)"} after a validation, else empty. */
	private static String validation(TrainingStep e) {
		if (e.validation() == null) return "";
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, " val_dice %.4f", e.validation().dice()));
		if (e.validation().perClass().size() > 1) {
			b.append(" (");
			e.validation().perClass().forEach((k, d) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : " ").append(k).append(' ')
					.append(String.format(Locale.ROOT, "%.4f", d)));
			b.append(')');
		}
		return b.append(String.format(Locale.ROOT, " val %.1fs", e.validation().seconds())).toString();
	}

	private static String parts(Map<String, Double> losses) {
		StringBuilder b = new StringBuilder("(");
		for (Map.Entry<String, Double> e : losses.entrySet()) {
			if (e.getKey().equals("all")) continue;
			if (b.length() > 1) b.append(' ');
			b.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
		}
		return b.append(')').toString();
	}

	@Override
	public String usage() {
		return "--mode fit --dir_images D [--dir_masks D] --out D [--preset P] [--loss L] [--ckpt M --downstream ...] "
				+ "[--checkpoint_every 500]\n"
				+ "             [--overwrite | --resume]  train; an --out holding an earlier run is refused unless --overwrite "
				+ "(replace it, its\n"
				+ "             checkpoints deleted) or --resume --ckpt D/checkpoints/step_N.punet (continue it in place); one "
				+ "run per --out\n"
				+ "    adaptation (--downstream) departs from the reference's defaults where they fail on a CPU budget: "
				+ "prompts learn at 0.05,\n"
				+ "    start from the known classes' mean, class weights come from the labels (factor 0.1), the schedule spans the run;\n"
				+ "    --reference_defaults restores the reference's. Masks may mark unannotated voxels 255; "
				+ "--annotated_slices Z... keeps only those slices\n"
				+ "    validation (never trained on): --dir_images_val D --dir_masks_val D (other subjects), --val_subjects "
				+ "NAME... (held out of\n"
				+ "    --dir_images), --val_slices Z... (held out of every training mask); --val_every N (default 100, 0 = "
				+ "off) logs val_dice in\n"
				+ "    losses.csv and keeps the best model as best.punet; --val_max_slices N (default 16, 0 = all) caps the slices scored";
	}
}
