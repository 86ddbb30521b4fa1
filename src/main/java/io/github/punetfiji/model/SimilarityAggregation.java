package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;

/**
 * The similarity head ({@code similarity_aggregation}): cosine similarity of every voxel embedding to
 * every token of every class, {@code + 0.5} as in the reference (values in [-0.5, 1.5]), aggregated
 * over each class's tokens by soft re-weighting (softmax of the detached similarities / sigma), the
 * mean, or the mean of the top 3.
 *
 * <p>Latents {@code (B, M, C)}, prompts {@code (B, K, T, C)}, result {@code (B, K, M)}: M voxels, K classes,
 * T tokens per class.
 */
public final class SimilarityAggregation {
	/** How a class's token similarities become one score. */
	public enum Mode { SOFT, MEAN, TOP_K }

	private SimilarityAggregation() {}

	public static NDArray apply(NDArray latents, NDArray prompts, Mode mode, double sigma) {
		NDArray l = normalize(latents); // (B, M, C)
		NDArray p = normalize(prompts); // (B, K, T, C)
		NDArray sim = p.matMul(l.expandDims(1).transpose(0, 1, 3, 2)).add(0.5f); // (B, K, T, M)
		switch (mode) {
			case MEAN:
				return sim.mean(new int[] {2});
			case TOP_K:
				return sim.topK(3, 2, true, true).get(0).mean(new int[] {2});
			default:
				NDArray w = sim.stopGradient().div(sigma).softmax(2); // (B, K, T, M)
				return w.mul(sim).sum(new int[] {2}); // (B, K, M)
		}
	}

	/** {@code F.normalize(x, p=2, dim=-1)}: {@code x / max(||x||, 1e-12)}. */
	public static NDArray normalize(NDArray x) {
		return x.div(x.norm(new int[] {-1}, true).clip(1e-12f, Float.MAX_VALUE));
	}
}
