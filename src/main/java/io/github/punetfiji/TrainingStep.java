package io.github.punetfiji;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers of one training step, handed to {@link ProgressListener#trainingStep} (the CLI's progress line,
 * {@code losses.csv}, a live loss plot in Fiji): the step (1-based) of the total, the epoch, every loss part (by
 * name, e.g. {@code seg_s0}, {@code contrastive_s1}, {@code all}), the learning rates of the parameter groups, the
 * estimated seconds left, the number of native arrays the run holds (constant from step to step: a growing count is
 * a leak), and the validation scores when the run validated after this step (null otherwise).
 *
 * @param step the step done (1-based)
 * @param total the steps of the run
 * @param epoch the epoch of the step
 * @param losses every loss part by name ({@code seg_s0}, {@code contrastive_s1}, …, {@code all})
 * @param learningRates the learning rate of each parameter group
 * @param etaSeconds the estimated seconds left
 * @param liveArrays the native arrays the run holds
 * @param validation the validation after this step, or null where the run did not validate
 */
public record TrainingStep(int step, int total, int epoch, Map<String, Double> losses, double[] learningRates, double etaSeconds,
		int liveArrays, ValidationScore validation) {
	public TrainingStep {
		losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
	}

	/** A step without validation. */
	public TrainingStep(int step, int total, int epoch, Map<String, Double> losses, double[] learningRates, double etaSeconds,
			int liveArrays) {
		this(step, total, epoch, losses, learningRates, etaSeconds, liveArrays, null);
	}

	/** The total loss. */
	public double loss() {
		return losses.getOrDefault("all", Double.NaN);
	}

	/** Whether the run validated after this step. */
	public boolean validated() {
		return validation != null;
	}

	/** The validation Dice after this step ({@code val_dice} of {@code losses.csv}), or NaN where the run did not validate. */
	public double valDice() {
		return validation == null ? Double.NaN : validation.dice();
	}

	/** Each validated class's Dice by class name, in class order; empty where the run did not validate. */
	public Map<String, Double> valDicePerClass() {
		Map<String, Double> m = new LinkedHashMap<>();
		if (validation != null) validation.perClass().forEach((k, d) -> m.put(validation.classNames().getOrDefault(k, "class " + k), d));
		return Collections.unmodifiableMap(m);
	}
}
