package io.github.punetfiji.infer;

import io.github.punetfiji.data.Volume;
import java.util.Map;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The result of {@link SlidingWindowSegmenter#segment}: images in the input's dimensions, spacing and
 * orientation.
 *
 * @param labels the label image; voxel values are the dataset's label values of the classes
 * @param probabilities per output class (key: class index, background 0 included), float32 in [0, 1];
 *     empty unless requested
 * @param classes the output class indices, ascending, background first
 * @param windows the number of windows run (per pass)
 * @param forwardMillis time spent in network forwards
 */
public record Segmentation(Volume<?> labels, Map<Integer, Volume<FloatType>> probabilities, int[] classes, long windows,
		double forwardMillis) {
	/** Mean forward time per window and pass. */
	public double millisPerWindow() {
		return windows == 0 ? 0 : forwardMillis / windows;
	}
}
