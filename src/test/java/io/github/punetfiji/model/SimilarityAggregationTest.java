package io.github.punetfiji.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.github.punetfiji.Fixtures;
import io.github.punetfiji.io.NpyArray;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The similarity head against the reference: values and gradients of every aggregation variant. */
class SimilarityAggregationTest {
	@Test
	void everyVariantAndItsGradientsMatchTheReference() {
		Map<String, NpyArray> npz = Fixtures.npz("losses");
		Object[][] variants = {{"soft", SimilarityAggregation.Mode.SOFT, 0.1}, {"soft_sigma0.5", SimilarityAggregation.Mode.SOFT, 0.5},
				{"mean", SimilarityAggregation.Mode.MEAN, 0.1}, {"topk", SimilarityAggregation.Mode.TOP_K, 0.1}};
		for (Object[] v : variants) {
			try (NDManager m = NDManager.newBaseManager()) {
				NDArray latents = NpyTensors.toNDArray(m, npz.get("in/simagg/latents"));
				NDArray prompts = NpyTensors.toNDArray(m, npz.get("in/simagg/instructions"));
				NDArray weight = NpyTensors.toNDArray(m, npz.get("in/simagg/grad_weight"));
				latents.setRequiresGradient(true);
				prompts.setRequiresGradient(true);
				String key = "out/simagg/" + v[0];
				try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
					NDArray out = SimilarityAggregation.apply(latents, prompts, (SimilarityAggregation.Mode) v[1], (Double) v[2]);
					Fixtures.assertClose(key, npz.get(key), out, 1e-5, 1e-6);
					gc.backward(out.mul(weight).sum());
				}
				Fixtures.assertClose(key + "/grad_latents", npz.get(key + "/grad_latents"), latents.getGradient(), 1e-5, 1e-6);
				Fixtures.assertClose(key + "/grad_instructions", npz.get(key + "/grad_instructions"), prompts.getGradient(), 1e-5, 1e-6);
			}
		}
	}
}
