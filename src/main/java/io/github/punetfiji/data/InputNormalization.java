package io.github.punetfiji.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * {@link Intensity} applied voxel by voxel while windows are read, so that no normalised float copy of
 * the whole volume is held (the percentile mode scans the volume once for its two percentiles). Gives
 * the same values as {@link Intensity#apply(RandomAccessibleInterval)}.
 */
public final class InputNormalization {
	private final Intensity mode;
	private final double lo;
	private final double hi;

	private InputNormalization(Intensity mode, double lo, double hi) {
		this.mode = mode;
		this.lo = lo;
		this.hi = hi;
	}

	public static InputNormalization of(Intensity mode, RandomAccessibleInterval<? extends RealType<?>> image) {
		switch (mode) {
			case CT:
				return new InputNormalization(mode, -1000, 1000);
			case PERCENTILE: {
				double[] p = Intensity.percentiles(image, 0.5, 99.5);
				return new InputNormalization(mode, p[0], p[1]);
			}
			default:
				return new InputNormalization(mode, Double.NaN, Double.NaN);
		}
	}

	/** The normalised value of one voxel. */
	public float apply(double v) {
		if (mode == Intensity.NONE) return (float) v;
		if (hi > lo) return (float) Math.max(-1, Math.min(1, (v - lo) / (hi - lo) * 2 - 1));
		return (float) Math.signum(v - lo);
	}
}
