package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * MONAI {@code RandHistogramShift}: a monotone piecewise-linear intensity map. {@code K} control points
 * {@code linspace(0, 1, K)} over the image's [min, max]; each inner target point is drawn in turn as
 * {@code U(previous target, next reference)}; values are mapped by linear interpolation ({@code np.interp}).
 * Reference: {@code RandHistogramShiftd(prob=0.1, num_control_points=(8, 12))} for students (K drawn
 * per call), {@code num_control_points=12} for the teacher.
 */
public final class HistogramShift implements Augmentation {
	/** {@code RandHistogramShiftd(prob=0.1)}. */
	public static final double PROB = 0.1;
	/** Students' {@code num_control_points=(8, 12)}. */
	public static final int STUDENT_MIN_POINTS = 8, STUDENT_MAX_POINTS = 12;
	/** Teacher's {@code num_control_points=12}. */
	public static final int TEACHER_POINTS = 12;

	private final int minPoints, maxPoints;

	/** @param minPoints at least 3; {@code maxPoints >= minPoints} (inclusive) */
	public HistogramShift(int minPoints, int maxPoints) {
		if (minPoints < 3 || maxPoints < minPoints) {
			throw new IllegalArgumentException("control points must be >= 3 and ordered, got " + minPoints + ", " + maxPoints);
		}
		this.minPoints = minPoints;
		this.maxPoints = maxPoints;
	}

	@Override
	public void apply(View v, SplittableRandom rng) {
		int k = Augmentation.between(rng, minPoints, maxPoints);
		double[] target = new double[k];
		for (int i = 0; i < k; i++) target[i] = i / (k - 1.0);
		for (int i = 1; i < k - 1; i++) target[i] = Augmentation.uniform(rng, target[i - 1], target[i + 1]);
		IntensityStats s = new IntensityStats(v.image);
		double range = (double) s.max - s.min;
		if (!(range > 0)) return; // np.interp with coinciding points maps a constant image to itself
		for (int i = 0; i < v.image.length; i++) {
			double t = (v.image[i] - s.min) / range * (k - 1); // position in control-point units
			int seg = Math.max(0, Math.min((int) t, k - 2));
			double u = t - seg;
			v.image[i] = (float) (s.min + range * (target[seg] + (target[seg + 1] - target[seg]) * u));
		}
	}
}
