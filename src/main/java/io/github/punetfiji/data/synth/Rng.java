package io.github.punetfiji.data.synth;

import java.util.SplittableRandom;

/**
 * A seeded random source with the few draws the generator needs. Only {@link SplittableRandom#nextLong()}
 * and {@link SplittableRandom#nextDouble()} are used (both fully specified), and Gaussian-like draws are
 * a sum of four uniforms, so a seed gives bit-identical subjects on every JVM and platform.
 */
final class Rng {
	private static final double SQRT3 = Math.sqrt(3.0);
	private final SplittableRandom random;

	Rng(long seed) {
		this.random = new SplittableRandom(seed);
	}

	/** The seed of subject {@code index} of a data set generated with {@code seed}. */
	static long subjectSeed(long seed, int index) {
		return mix(seed * 0x9E3779B97F4A7C15L + mix(index + 0x632BE59BD9B4E019L));
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** A new independent source (for one field or one organ). */
	Rng split() {
		return new Rng(random.nextLong());
	}

	/** Uniform in [lo, hi). */
	double u(double lo, double hi) {
		return lo + (hi - lo) * random.nextDouble();
	}

	/** True with probability p. */
	boolean chance(double p) {
		return random.nextDouble() < p;
	}

	/** Approximately standard normal: zero mean, unit variance, support ±2√3 (sum of four uniforms). */
	double gauss() {
		double s = random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble();
		return (s - 2.0) * SQRT3;
	}
}
