package io.github.punetfiji.train.views;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Subject selection: the {@code num_annotated} limit and weighted drawing with replacement. */
public final class Subjects {
	private Subjects() {}

	/**
	 * Limits the labelled subjects to the first {@code numAnnotated} ({@code <= 0}: no limit).
	 *
	 * <p>The reference ({@code gather_data._generate_splits}) cuts the (already shuffled) training list to
	 * its first {@code num_annotated} subjects, dropping the rest from training altogether: that is
	 * {@code keepOthers = false}. With {@code keepOthers = true} the rest stay for self-supervision with
	 * {@code annotated = false}, so their labels never reach the segmentation loss.
	 */
	public static List<Sample> limitAnnotated(List<Sample> subjects, int numAnnotated, boolean keepOthers) {
		if (numAnnotated <= 0) return List.copyOf(subjects);
		if (numAnnotated > subjects.size()) {
			throw new IllegalArgumentException("num_annotated " + numAnnotated + " exceeds the " + subjects.size() + " training subjects");
		}
		List<Sample> out = new ArrayList<>(subjects.subList(0, numAnnotated));
		if (keepOthers) {
			for (Sample s : subjects.subList(numAnnotated, subjects.size())) out.add(s.withAnnotated(false));
		}
		return out;
	}

	/**
	 * {@code n} subject indices drawn with replacement, proportional to {@link Sample#weight()} (reference
	 * {@code WeightedRandomSampler(weights, replacement=True)}; all weights are 1.0 there).
	 */
	public static int[] draw(List<Sample> subjects, int n, SplittableRandom rng) {
		double[] cum = new double[subjects.size()];
		double total = 0;
		for (int i = 0; i < cum.length; i++) cum[i] = total += subjects.get(i).weight();
		if (!(total > 0)) throw new IllegalArgumentException("no subject has a positive sampling weight");
		int[] out = new int[n];
		for (int k = 0; k < n; k++) {
			double u = rng.nextDouble() * total;
			int lo = 0, hi = cum.length - 1;
			while (lo < hi) { // first index with cum > u
				int mid = (lo + hi) >>> 1;
				if (cum[mid] > u) hi = mid;
				else lo = mid + 1;
			}
			out[k] = lo;
		}
		return out;
	}
}
