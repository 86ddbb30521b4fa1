package io.github.punetfiji.api;

import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.Progress;
import io.github.punetfiji.train.Trainer;
import io.github.punetfiji.train.TrainingOptions;
import io.github.punetfiji.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The training operations of {@link Punet}: turns the training requests into the {@link Trainer}'s options and runs them. */
final class Training {
	private Training() {}

	static TrainResult pretrain(TrainRequest r, Progress progress) {
		TrainingOptions o = base(r.settings(), r.noOverwrite(), r.out());
		o.device = r.compute().device().label();
		o.threads = r.compute().threads();
		o.dirImages = r.dirImages();
		o.dirMasks = r.dirMasks();
		o.preset = r.preset();
		o.ckpt = r.ckpt();
		o.coldStart = r.coldStart();
		o.loss = r.loss();
		o.intensity = r.intensity().label();
		if (r.labelIndicesBase().length > 0) o.overrides.put("label_indices_base", longs(r.labelIndicesBase()));
		for (Map.Entry<String, String> e : r.architecture().entrySet()) o.overrides.put(e.getKey(), e.getValue());
		o.overrides.put("learning_rate", r.settings().learningRate());
		o.overrides.put("learning_rate_instructions", r.settings().learningRateInstructions());
		o.overrides.put("weight_decay", r.settings().weightDecay());
		validation(o, r.validation());
		o.command = "Fiji: Pre-train (PUNet)";
		return run(o, progress);
	}

	static TrainResult promptTune(PromptTuneRequest r, Progress progress) {
		return run(promptTuneOptions(r), progress);
	}

	/** The trainer options of a prompt-tuning request (the CLI's {@code --mode fit --downstream} flags). */
	static TrainingOptions promptTuneOptions(PromptTuneRequest r) {
		TrainingOptions o = base(r.settings(), r.noOverwrite(), r.out());
		o.device = r.compute().device().label();
		o.threads = r.compute().threads();
		o.dirImages = r.dirImages();
		o.dirMasks = r.dirMasks();
		o.ckpt = r.ckpt();
		o.loss = "meta";
		o.intensity = r.intensity().label();
		o.overrides.put("downstream", true);
		o.overrides.put("adaptation_variant", r.adaptationVariant());
		o.overrides.put("selective_freezing", r.selectiveFreezing());
		o.overrides.put("label_indices_downstream_active", longs(r.labelIndicesActive()));
		o.overrides.put("label_indices_downstream_frozen", longs(r.labelIndicesFrozen()));
		o.overrides.put("num_annotated", (long) r.numAnnotated());
		o.overrides.put("learning_rate_downstream", r.settings().learningRate());
		o.overrides.put("learning_rate_instructions_downstream", r.settings().learningRateInstructions());
		o.overrides.put("weight_decay_downstream", r.settings().weightDecay());
		o.overrides.put("mean_initialization", r.meanInitialization());
		o.overrides.put("mean_initialization_scope", r.meanInitializationScope());
		o.overrides.put("additive_alpha_from_data", r.classWeightFactor() > 0);
		if (r.classWeightFactor() > 0) o.overrides.put("additive_alpha_factor", r.classWeightFactor());
		o.overrides.put("train_shared_bias_weights", r.trainSharedBiasWeights());
		o.referenceBatchNorm = r.referenceBatchNorm();
		validation(o, r.validation());
		o.command = "Fiji: Prompt-tune (PUNet)";
		return o;
	}

	/** The validation flags of a request; without validation data its {@code every} is not used (a dialog always has one). */
	static void validation(TrainingOptions o, ValidationSettings v) {
		o.dirImagesVal = v.dirImages();
		o.dirMasksVal = v.dirMasks();
		o.valSubjects = v.subjects();
		o.valSlices = v.slices();
		if (v.named()) o.valEvery = v.every();
		o.valMaxSlices = v.maxSlices();
	}

	private static TrainingOptions base(TrainingSettings s, boolean noOverwrite, java.nio.file.Path out) {
		TrainingOptions o = new TrainingOptions();
		o.out = out;
		o.batchSize = s.batchSize();
		o.maxEpochs = s.maxEpochs();
		o.maxSteps = s.maxSteps();
		o.overrides.put("num_samples_epoch", (long) s.numSamplesEpoch());
		o.seed = s.seed();
		o.checkpointEvery = s.checkpointEvery();
		// NB: Fiji's "Do not overwrite" is unchecked by default, as before: an earlier run in the folder is replaced
		o.existing = noOverwrite ? TrainingOptions.Existing.REFUSE : TrainingOptions.Existing.OVERWRITE;
		return o;
	}

	private static TrainResult run(TrainingOptions o, Progress progress) {
		TrainingResult r = Trainer.run(o, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {
				progress.report(fraction, message);
			}

			@Override
			public void trainingStep(TrainingStep e) {
				String val = e.validation() == null ? "" : String.format(Locale.ROOT, ", validation Dice %.4f", e.valDice());
				progress.report(e.step(), e.total(), String.format(Locale.ROOT, "PUNet training: step %d/%d, loss %.4f%s", e.step(), e.total(), e.loss(), val));
				progress.trainingStep(e);
			}

			@Override
			public void message(String message) {
				progress.report(Double.NaN, message);
			}
		}, progress::isCancelRequested));
		double last = r.losses().length == 0 ? Double.NaN : r.losses()[r.losses().length - 1];
		TrainingResult.Best b = r.best();
		return new TrainResult(r.model(), o.out.resolve("losses.csv"), r.steps(), last, r.trainableFraction(), r.device(), b == null ? null : b.model(),
				b == null ? -1 : b.step(), b == null ? Double.NaN : b.valDice(), r.valDice());
	}

	private static List<Object> longs(int[] v) {
		List<Object> l = new ArrayList<>();
		for (int x : v) l.add((long) x);
		return l;
	}
}
