package io.github.punetfiji.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws the active class subsets of a training batch as {@code set_active_indices_training} of
 * {@code instruction_model.py} does (non-downstream): one count {@code k} uniform in
 * [{@code minActive}, {@code maxActive}] for the whole batch (the attention needs the same number of prompt
 * tokens in every element), then for every batch element its own uniform random k-subset of the base
 * classes (multinomial with equal weights, without replacement); background is always active.
 *
 * <p>Seeded: the same seed gives the same sequence of batches (not the reference's torch random stream).
 */
public final class ActiveLabelSampler {
	private final int numClasses;
	private final int[] baseLabels;
	private final int minActive;
	private final int maxActive;
	private final Random random;

	/**
	 * @param numClasses C, all classes including background ({@code out_channels})
	 * @param baseLabels foreground classes to draw from ({@code label_indices_base}, without 0)
	 * @param minActive {@code label_indices_min_active}
	 * @param maxActive {@code label_indices_max_active}
	 */
	public ActiveLabelSampler(int numClasses, int[] baseLabels, int minActive, int maxActive, long seed) {
		this(numClasses, baseLabels, minActive, maxActive, new Random(seed));
	}

	public ActiveLabelSampler(int numClasses, int[] baseLabels, int minActive, int maxActive, Random random) {
		if (baseLabels.length == 0) throw new IllegalArgumentException("no base labels to draw from");
		for (int c : baseLabels) {
			if (c <= 0 || c >= numClasses) {
				throw new IllegalArgumentException("base label " + c + " is outside 1.." + (numClasses - 1));
			}
		}
		if (Arrays.stream(baseLabels).distinct().count() != baseLabels.length) {
			throw new IllegalArgumentException("base labels repeat: " + Arrays.toString(baseLabels));
		}
		if (minActive < 1 || minActive > maxActive || maxActive > baseLabels.length) {
			throw new IllegalArgumentException("need 1 <= min active (" + minActive + ") <= max active (" + maxActive
					+ ") <= number of base labels (" + baseLabels.length + ")");
		}
		this.numClasses = numClasses;
		this.baseLabels = baseLabels.clone();
		this.minActive = minActive;
		this.maxActive = maxActive;
		this.random = random;
	}

	/** The active classes of the next training batch. */
	public ActiveLabels sample(int batchSize) {
		int k = minActive + random.nextInt(maxActive - minActive + 1);
		boolean[][] active = new boolean[batchSize][numClasses];
		for (int b = 0; b < batchSize; b++) {
			active[b][0] = true;
			for (int c : draw(baseLabels, k)) active[b][c] = true;
		}
		return ActiveLabels.of(active);
	}

	/**
	 * Validation / test ({@code set_active_indices_validation}): {@code foregroundCategory} plus
	 * {@code maxActive − 1} other foreground classes drawn from all classes 1..C−1, per batch element.
	 *
	 * <p>NB: the reference concatenates a {@code [1, 1]} index with the {@code [B, k−1]} draws, which only
	 * works for batch size 1 when {@code maxActive > 1}; here each element gets its own draw.
	 */
	public ActiveLabels sampleForCategory(int batchSize, int foregroundCategory) {
		if (foregroundCategory <= 0 || foregroundCategory >= numClasses) {
			throw new IllegalArgumentException("category " + foregroundCategory + " is outside 1.." + (numClasses - 1));
		}
		if (maxActive > numClasses - 1) {
			throw new IllegalArgumentException(maxActive + " active classes do not fit in " + (numClasses - 1) + " foreground classes");
		}
		int[] others = new int[numClasses - 2];
		for (int c = 1, n = 0; c < numClasses; c++) if (c != foregroundCategory) others[n++] = c;
		boolean[][] active = new boolean[batchSize][numClasses];
		for (int b = 0; b < batchSize; b++) {
			active[b][0] = true;
			active[b][foregroundCategory] = true;
			for (int c : draw(others, maxActive - 1)) active[b][c] = true;
		}
		return ActiveLabels.of(active);
	}

	/** k distinct entries of {@code from}, uniformly (partial Fisher–Yates). */
	private int[] draw(int[] from, int k) {
		int[] pool = from.clone();
		for (int i = 0; i < k; i++) {
			int j = i + random.nextInt(pool.length - i);
			int t = pool[i];
			pool[i] = pool[j];
			pool[j] = t;
		}
		return Arrays.copyOf(pool, k);
	}
}
