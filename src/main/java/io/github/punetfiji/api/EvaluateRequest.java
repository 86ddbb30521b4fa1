package io.github.punetfiji.api;

import io.github.punetfiji.data.Volume;
import java.util.Map;

/**
 * Dice (and HD95) per class of a label image against a reference label image in the same space.
 *
 * @param prediction the label image to score
 * @param reference the reference labels
 * @param labelIndices classes (label values) to score; empty = the prediction's classes: its non-zero values and the
 *     named classes of {@code classNames} (a PUNet label image's active classes)
 * @param hd95 whether to compute the 95th-percentile Hausdorff distance (in mm; slower)
 * @param classNames label value → name for the table, where known (e.g. from a PUNet label image); may be empty
 */
public record EvaluateRequest(Volume<?> prediction, Volume<?> reference, int[] labelIndices, boolean hd95,
		Map<Integer, String> classNames) {
	public EvaluateRequest {
		Requests.required(prediction, "prediction");
		Requests.required(reference, "reference");
		labelIndices = Requests.copy(labelIndices);
		classNames = classNames == null ? Map.of() : Map.copyOf(classNames);
	}

	/** A request without class names. */
	public EvaluateRequest(Volume<?> prediction, Volume<?> reference, int[] labelIndices, boolean hd95) {
		this(prediction, reference, labelIndices, hd95, Map.of());
	}
}
