package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * MONAI {@code RandScaleIntensity}: {@code v = v · (1 + factor)}, {@code factor ~ U(-f, f)}. The
 * reference uses {@code RandScaleIntensityd(prob=0.1, factors=-2.)} on students only when
 * {@code intensity_inversion} is set (off by default), so {@code factor ~ U(-2, 2)} (it may invert).
 */
public final class ScaleIntensity implements Augmentation {
	/** {@code RandScaleIntensityd(prob=0.1)}. */
	public static final double PROB = 0.1;
	/** {@code factors=-2.} → {@code U(-2, 2)}. */
	public static final double FACTOR = 2.0;

	@Override
	public void apply(View v, SplittableRandom rng) {
		float scale = (float) (1 + Augmentation.uniform(rng, -FACTOR, FACTOR));
		for (int i = 0; i < v.image.length; i++) v.image[i] *= scale;
	}
}
