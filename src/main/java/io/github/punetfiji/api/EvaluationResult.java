package io.github.punetfiji.api;

import java.util.List;

/**
 * The result of {@link EvaluateRequest}: one row per class, as in {@code metrics.csv}.
 *
 * @param scores per-class scores
 * @param meanDice the mean Dice over the scored classes
 */
public record EvaluationResult(List<Score> scores, double meanDice) {
	public EvaluationResult {
		scores = List.copyOf(scores);
	}

	/**
	 * @param label the class index
	 * @param name the class name, or the index as text
	 * @param dice Dice coefficient in [0, 1]
	 * @param hd95 95th-percentile Hausdorff distance in mm; {@code NaN} when not computed or undefined
	 */
	public record Score(int label, String name, double dice, double hd95) {}
}
