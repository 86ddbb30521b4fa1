package io.github.punetfiji.train;

import java.nio.file.Path;

/**
 * What a finished training wrote and measured.
 *
 * @param best with validation, the best model by validation Dice ({@code best.punet}); null without validation or when no
 *     validation ran
 * @param valDice the validation Dice after the last step; NaN without validation
 */
public record TrainingResult(Path model, int steps, double[] losses, long trainableParameters, long totalParameters, String device,
		Best best, double valDice) {
	/** A result without validation. */
	public TrainingResult(Path model, int steps, double[] losses, long trainableParameters, long totalParameters, String device) {
		this(model, steps, losses, trainableParameters, totalParameters, device, null, Double.NaN);
	}

	public double trainableFraction() {
		return trainableParameters / (double) totalParameters;
	}

	/** The best model by validation Dice: its file, the step it comes from and its validation Dice. */
	public record Best(Path model, int step, double valDice) {}
}
