package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * MONAI {@code RandAdjustContrast} (reference: {@code RandAdjustContrastd(prob=0.1)} on every view,
 * default {@code gamma=(0.5, 4.5)}): {@code v = ((v - min) / (range + 1e-7))^γ · range + min} with
 * {@code γ ~ U(0.5, 4.5)} and min/range of the whole image.
 */
public final class AdjustContrast implements Augmentation {
	/** {@code RandAdjustContrastd(prob=0.1)}. */
	public static final double PROB = 0.1;
	/** MONAI default {@code gamma=(0.5, 4.5)}. */
	public static final double GAMMA_MIN = 0.5, GAMMA_MAX = 4.5;
	/** MONAI {@code AdjustContrast} epsilon. */
	static final double EPSILON = 1e-7;

	@Override
	public void apply(View v, SplittableRandom rng) {
		double gamma = Augmentation.uniform(rng, GAMMA_MIN, GAMMA_MAX);
		IntensityStats s = new IntensityStats(v.image);
		double range = (double) s.max - s.min;
		for (int i = 0; i < v.image.length; i++) {
			v.image[i] = (float) (Math.pow((v.image[i] - s.min) / (range + EPSILON), gamma) * range + s.min);
		}
	}
}
