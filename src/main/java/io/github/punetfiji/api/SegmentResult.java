package io.github.punetfiji.api;

import io.github.punetfiji.data.Volume;
import java.util.Map;

/**
 * The result of {@link SegmentRequest}.
 *
 * @param labels the label image: voxel values are the data set's class indices (0 = background); same
 *        dimensions, spacing and orientation as the input
 * @param classNames label value (the voxel value; the class index unless the model maps them) → name, for the
 *        LUT legend and tables (may lack entries)
 * @param probabilities label value → float32 probability map (background included); empty unless requested
 * @param device the device that ran, e.g. {@code cpu} or {@code gpu(0)}
 */
public record SegmentResult(Volume<?> labels, Map<Integer, String> classNames, Map<Integer, Volume<?>> probabilities, String device) {
	public SegmentResult {
		classNames = Map.copyOf(classNames);
		probabilities = Map.copyOf(probabilities);
	}
}
