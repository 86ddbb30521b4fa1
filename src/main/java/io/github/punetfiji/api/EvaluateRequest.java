package io.github.punetfiji.api;

import io.github.punetfiji.data.Volume;

/**
 * Dice (and HD95) per class of a label image against a reference label image in the same space.
 *
 * @param prediction the label image to score
 * @param reference the reference labels
 * @param labelIndices classes to score; empty = every non-zero value in the reference
 * @param hd95 whether to compute the 95th-percentile Hausdorff distance (in mm; slower)
 */
public record EvaluateRequest(Volume<?> prediction, Volume<?> reference, int[] labelIndices, boolean hd95) {
	public EvaluateRequest {
		Requests.required(prediction, "prediction");
		Requests.required(reference, "reference");
		labelIndices = Requests.copy(labelIndices);
	}
}
