package io.github.punetfiji.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers of one training step, for a live plot ({@link ProgressListener#trainingStep}).
 *
 * @param step the step done (1-based)
 * @param total the steps of the run
 * @param loss the total loss of the step
 * @param losses every loss part by name ({@code seg_s0}, {@code contrastive_s1}, …, {@code all})
 * @param valDice the validation Dice after this step ({@code val_dice} of {@code losses.csv}); NaN where the run did not validate
 * @param valDicePerClass each validated class's Dice by class name, in class order; empty where the run did not validate
 */
public record TrainingStep(int step, int total, double loss, Map<String, Double> losses, double valDice, Map<String, Double> valDicePerClass) {
	public TrainingStep {
		losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
		valDicePerClass = Collections.unmodifiableMap(new LinkedHashMap<>(valDicePerClass));
	}

	/** Whether the run validated after this step. */
	public boolean validated() {
		return !Double.isNaN(valDice);
	}
}
