package io.github.punetfiji.train.views;

/** Minimum, maximum and population standard deviation of an image (package helper). */
final class IntensityStats {
	final float min, max;
	final double std;

	IntensityStats(float[] a) {
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		double sum = 0;
		for (float f : a) {
			lo = Math.min(lo, f);
			hi = Math.max(hi, f);
			sum += f;
		}
		double mean = sum / a.length, ss = 0;
		for (float f : a) ss += (f - mean) * (f - mean);
		min = lo;
		max = hi;
		std = Math.sqrt(ss / a.length);
	}
}
