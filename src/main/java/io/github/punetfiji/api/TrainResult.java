package io.github.punetfiji.api;

import java.nio.file.Path;

/**
 * The result of {@link TrainRequest} and {@link PromptTuneRequest}.
 *
 * @param model the {@code model.punet} written
 * @param losses {@code losses.csv}
 * @param steps optimiser steps taken
 * @param finalLoss the last logged total loss
 * @param trainableFraction trainable parameters / all parameters
 * @param device the device that ran
 * @param bestModel with validation, {@code best.punet}: the model of the step with the best validation Dice; null otherwise
 * @param bestStep the step {@code bestModel} comes from; -1 without it
 * @param bestValDice its validation Dice; NaN without it
 * @param valDice the validation Dice of the final model; NaN without validation
 * @param trainableParameters the number of parameters that learnt
 * @param validated whether the run validated (validation data named and {@code val_every} above 0)
 */
public record TrainResult(Path model, Path losses, long steps, double finalLoss, double trainableFraction, String device, Path bestModel,
		long bestStep, double bestValDice, double valDice, long trainableParameters, boolean validated) {
	/** A result that does not say how many parameters learnt. */
	public TrainResult(Path model, Path losses, long steps, double finalLoss, double trainableFraction, String device, Path bestModel,
			long bestStep, double bestValDice, double valDice) {
		this(model, losses, steps, finalLoss, trainableFraction, device, bestModel, bestStep, bestValDice, valDice, -1,
				!Double.isNaN(valDice));
	}

	/** A result without validation. */
	public TrainResult(Path model, Path losses, long steps, double finalLoss, double trainableFraction, String device) {
		this(model, losses, steps, finalLoss, trainableFraction, device, null, -1, Double.NaN, Double.NaN);
	}
}
