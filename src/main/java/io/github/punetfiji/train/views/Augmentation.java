package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * One random augmentation of a {@link View}: it draws its parameters from the given generator (never
 * from global state) and changes the view in place (possibly replacing its arrays).
 */
@FunctionalInterface
public interface Augmentation {
	void apply(View v, SplittableRandom rng);

	/**
	 * This augmentation applied with probability {@code p}, like MONAI's {@code RandomizableTransform}
	 * ({@code R.rand() < prob}).
	 */
	default Augmentation withProbability(double p) {
		Augmentation self = this;
		return (v, rng) -> {
			if (rng.nextDouble() < p) self.apply(v, rng);
		};
	}

	/** Uniform in {@code [lo, hi)} (NumPy {@code uniform}). */
	static double uniform(SplittableRandom rng, double lo, double hi) {
		return lo + (hi - lo) * rng.nextDouble();
	}

	/** Uniform integer in {@code [lo, hi]}, both inclusive. */
	static int between(SplittableRandom rng, int lo, int hi) {
		return lo + rng.nextInt(hi - lo + 1);
	}
}
