package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * MONAI {@code RandStdShiftIntensity}: {@code v = v + factor * std(image)} with
 * {@code factor ~ U(lo, hi)} and the population standard deviation of the whole image (defaults
 * {@code nonzero=False, channel_wise=False}). Reference: {@code RandStdShiftIntensityd(prob=0.1,
 * factors=(0.0, 0.25))} for students, {@code factors=(0.0, 0.1)} for the teacher.
 */
public final class StdShift implements Augmentation {
	/** {@code RandStdShiftIntensityd(prob=0.1)}. */
	public static final double PROB = 0.1;
	/** Students' {@code factors=(0.0, 0.25)}. */
	public static final double STUDENT_MAX = 0.25;
	/** Teacher's {@code factors=(0.0, 0.1)}. */
	public static final double TEACHER_MAX = 0.1;

	private final double lo, hi;

	public StdShift(double lo, double hi) {
		this.lo = Math.min(lo, hi);
		this.hi = Math.max(lo, hi);
	}

	@Override
	public void apply(View v, SplittableRandom rng) {
		double factor = Augmentation.uniform(rng, lo, hi);
		float offset = (float) (factor * new IntensityStats(v.image).std);
		for (int i = 0; i < v.image.length; i++) v.image[i] += offset;
	}
}
