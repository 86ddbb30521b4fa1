package io.github.punetfiji.api;

import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.Progress;
import io.github.punetfiji.train.Trainer;
import io.github.punetfiji.train.TrainingOptions;
import io.github.punetfiji.train.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The training operations of {@link Punet}: turns the training requests into the {@link Trainer}'s options and runs them. */
final class Training {
	private Training() {}

	static TrainResult pretrain(TrainRequest r, Progress progress) {
		return fit(fitRequest(r), progress);
	}

	static TrainResult promptTune(PromptTuneRequest r, Progress progress) {
		return fit(fitRequest(r), progress);
	}

	/** The fit request of a pre-training request (the CLI's {@code --mode fit} flags). */
	static FitRequest fitRequest(TrainRequest r) {
		TrainingSettings s = r.settings();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("num_samples_epoch", (long) s.numSamplesEpoch());
		if (r.labelIndicesBase().length > 0) config.put("label_indices_base", longs(r.labelIndicesBase()));
		for (Map.Entry<String, String> e : r.architecture().entrySet()) config.put(e.getKey(), e.getValue());
		config.put("learning_rate", s.learningRate());
		config.put("learning_rate_instructions", s.learningRatePrompts());
		config.put("weight_decay", s.weightDecay());
		ValidationSettings v = r.validation();
		return new FitRequest(r.dirImages(), r.dirMasks(), r.out(), r.ckpt(), r.coldStart(), existing(r.noOverwrite()), r.preset(),
				r.loss(), r.intensity().label(), s.batchSize(), s.maxEpochs(), s.maxSteps(), s.seed(), s.checkpointEvery(), false,
				v.dirImages(), v.dirMasks(), v.subjects(), v.slices(), valEvery(v), v.maxSlices(), r.compute(), config,
				"Fiji: Pre-train (PUNet)");
	}

	/** The fit request of a prompt-tuning request (the CLI's {@code --mode fit --downstream} flags). */
	static FitRequest fitRequest(PromptTuneRequest r) {
		TrainingSettings s = r.settings();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("num_samples_epoch", (long) s.numSamplesEpoch());
		config.put("downstream", true);
		config.put("adaptation_variant", r.adaptationVariant());
		config.put("selective_freezing", r.selectiveFreezing());
		config.put("label_indices_downstream_active", longs(r.labelIndicesActive()));
		config.put("label_indices_downstream_frozen", longs(r.labelIndicesFrozen()));
		config.put("num_annotated", (long) r.numAnnotated());
		config.put("learning_rate_downstream", s.learningRate());
		config.put("learning_rate_instructions_downstream", s.learningRatePrompts());
		config.put("weight_decay_downstream", s.weightDecay());
		config.put("mean_initialization", r.meanInitialization());
		config.put("mean_initialization_scope", r.meanInitializationScope());
		config.put("additive_alpha_from_data", r.classWeightFactor() > 0);
		if (r.classWeightFactor() > 0) config.put("additive_alpha_factor", r.classWeightFactor());
		config.put("train_shared_bias_weights", r.trainSharedBiasWeights());
		ValidationSettings v = r.validation();
		return new FitRequest(r.dirImages(), r.dirMasks(), r.out(), r.ckpt(), false, existing(r.noOverwrite()), "2d", "meta",
				r.intensity().label(), s.batchSize(), s.maxEpochs(), s.maxSteps(), s.seed(), s.checkpointEvery(), r.referenceBatchNorm(),
				v.dirImages(), v.dirMasks(), v.subjects(), v.slices(), valEvery(v), v.maxSlices(), r.compute(), config,
				"Fiji: Prompt-tune (PUNet)");
	}

	/** The trainer options of a prompt-tuning request. */
	static TrainingOptions promptTuneOptions(PromptTuneRequest r) {
		return options(fitRequest(r));
	}

	// NB: Fiji's "Do not overwrite" is unchecked by default, as before: an earlier run in the folder is replaced
	private static FitRequest.Existing existing(boolean noOverwrite) {
		return noOverwrite ? FitRequest.Existing.REFUSE : FitRequest.Existing.OVERWRITE;
	}

	/** Without validation data a request's {@code every} is not used (a dialog always has one). */
	private static Integer valEvery(ValidationSettings v) {
		return v.named() ? v.every() : null;
	}

	/** The one translation of a training request into the trainer's options. */
	static TrainingOptions options(FitRequest r) {
		TrainingOptions o = new TrainingOptions();
		o.dirImages = r.dirImages();
		o.dirMasks = r.dirMasks();
		o.out = r.out();
		o.ckpt = r.ckpt();
		o.coldStart = r.coldStart();
		o.existing = TrainingOptions.Existing.valueOf(r.existing().name());
		o.preset = r.preset();
		o.loss = r.loss();
		o.intensity = r.intensity();
		o.batchSize = r.batchSize();
		o.maxEpochs = r.maxEpochs();
		o.maxSteps = r.maxSteps();
		o.seed = r.seed();
		o.checkpointEvery = r.checkpointEvery();
		o.referenceBatchNorm = r.referenceBatchNorm();
		o.dirImagesVal = r.dirImagesVal();
		o.dirMasksVal = r.dirMasksVal();
		o.valSubjects = r.valSubjects();
		o.valSlices = r.valSlices();
		if (r.valEvery() != null) o.valEvery = r.valEvery();
		o.valMaxSlices = r.valMaxSlices();
		o.device = r.compute().device().label();
		o.threads = r.compute().threads();
		o.overrides = new LinkedHashMap<>(r.config());
		o.command = r.command();
		return o;
	}

	static TrainResult fit(FitRequest request, Progress progress) {
		TrainingOptions o = options(request);
		TrainingResult r = Trainer.run(o, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {
				progress.report(fraction, message);
			}

			@Override
			public void trainingStep(TrainingStep e) {
				String val = e.validation() == null ? "" : String.format(Locale.ROOT, ", validation Dice %.4f", e.valDice());
				progress.report(e.step(), e.total(),
						String.format(Locale.ROOT, "step %d/%d, loss %.4f%s, %s left", e.step(), e.total(), e.loss(), val,
								duration(e.etaSeconds())));
				progress.trainingStep(e);
			}

			@Override
			public void message(String message) {
				progress.message(message);
			}
		}, progress::isCancelRequested));
		double last = r.losses().length == 0 ? Double.NaN : r.losses()[r.losses().length - 1];
		TrainingResult.Best b = r.best();
		return new TrainResult(r.model(), o.out.resolve("losses.csv"), r.steps(), last, r.trainableFraction(), r.device(),
				b == null ? null : b.model(), b == null ? -1 : b.step(), b == null ? Double.NaN : b.valDice(), r.valDice(),
				r.trainableParameters(), o.validationEvery() > 0);
	}

	/** A time left as people say it: "45 s", "12 min", "3 h 20 min". */
	static String duration(double seconds) {
		if (!Double.isFinite(seconds)) return "unknown time";
		long s = Math.round(Math.max(0, seconds));
		if (s < 60) return s + " s";
		if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
		return (s / 3600) + " h " + (s % 3600 / 60) + " min";
	}

	private static List<Object> longs(int[] v) {
		List<Object> l = new ArrayList<>();
		for (int x : v) l.add((long) x);
		return l;
	}
}
