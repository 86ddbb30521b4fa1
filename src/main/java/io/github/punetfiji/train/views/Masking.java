package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * The students' masking (reference {@code mtransforms.OneOf([...], weights=(0.7, 0.1, 0.1, 0.1))}): one
 * of nothing, {@link CoarseDropout} holes, outer {@link CoarseDropout}, or {@link CoarseShuffle}, each
 * applied with certainty ({@code prob=1.0}) once chosen. Never used on the teacher.
 */
public final class Masking implements Augmentation {
	/** {@code OneOf(weights=(0.7, 0.1, 0.1, 0.1))}: none, dropout holes, outer dropout, shuffle. */
	public static final double[] WEIGHTS = {0.7, 0.1, 0.1, 0.1};

	private final Augmentation[] choices = {(v, rng) -> {}, new CoarseDropout(CoarseDropout.INNER, true),
			new CoarseDropout(CoarseDropout.OUTER, false), new CoarseShuffle(CoarseShuffle.HOLES)};

	@Override
	public void apply(View v, SplittableRandom rng) {
		double u = rng.nextDouble() * sum(WEIGHTS);
		int c = 0;
		while (c < WEIGHTS.length - 1 && u >= WEIGHTS[c]) u -= WEIGHTS[c++];
		choices[c].apply(v, rng);
	}

	private static double sum(double[] w) {
		double s = 0;
		for (double x : w) s += x;
		return s;
	}
}
