package io.github.punetfiji.train;

import java.util.Map;

/**
 * Progress of a training run after one step: the step (1-based) of the total, the epoch, every loss
 * part (by name, e.g. {@code seg_s0}, {@code contrastive_s1}, {@code all}), the learning rates of the
 * parameter groups, the estimated seconds left, the number of native arrays the run holds (constant
 * from step to step: a growing count is a leak), and the validation scores when the run validated after
 * this step ({@link Validation}; null otherwise).
 */
public record TrainingEvent(int step, int total, int epoch, Map<String, Double> losses, double[] learningRates, double etaSeconds,
		int liveArrays, ValidationScore validation) {
	/** An event of a step without validation. */
	public TrainingEvent(int step, int total, int epoch, Map<String, Double> losses, double[] learningRates, double etaSeconds, int liveArrays) {
		this(step, total, epoch, losses, learningRates, etaSeconds, liveArrays, null);
	}

	/** The validation Dice after this step, or NaN when the run did not validate here. */
	public double valDice() {
		return validation == null ? Double.NaN : validation.dice();
	}

	/** The total loss. */
	public double loss() {
		return losses.getOrDefault("all", Double.NaN);
	}
}
