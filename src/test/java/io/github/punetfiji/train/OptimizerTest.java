package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW and the one-cycle schedule against torch's formulas computed by hand. */
class OptimizerTest {
	@Test
	void adamWFollowsTorch() {
		try (NDManager m = NDManager.newBaseManager()) {
			Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(2))
					.optInitializer(new ConstantInitializer(1f)).build();
			p.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32);
			AdamW opt = new AdamW(List.of(new AdamW.Group("g", Map.of("w", p), 0.1, 0.01)), m);
			double[] w = {1, 1}, mm = new double[2], vv = new double[2];
			double[][] grads = {{0.5, -2}, {0.1, 0.3}, {-1, 1}};
			for (int t = 1; t <= 3; t++) {
				NDArray g = m.create(new float[] {(float) grads[t - 1][0], (float) grads[t - 1][1]});
				p.getArray().setRequiresGradient(true);
				try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
					gc.backward(p.getArray().mul(g).sum());
				}
				opt.step();
				for (int i = 0; i < 2; i++) {
					w[i] *= 1 - 0.1 * 0.01;
					mm[i] = 0.9 * mm[i] + 0.1 * grads[t - 1][i];
					vv[i] = 0.999 * vv[i] + 0.001 * grads[t - 1][i] * grads[t - 1][i];
					double mh = mm[i] / (1 - Math.pow(0.9, t));
					double vh = Math.sqrt(vv[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
					w[i] -= 0.1 * mh / vh;
				}
				float[] got = p.getArray().toFloatArray();
				assertEquals(w[0], got[0], 1e-6);
				assertEquals(w[1], got[1], 1e-6);
				assertEquals(0f, p.getArray().getGradient().abs().sum().getFloat(), "gradients are zeroed");
			}
		}
	}

	@Test
	void oneCycleMatchesTorchValues() {
		// torch.optim.lr_scheduler.OneCycleLR(max_lr=1, total_steps=20, pct_start=0.1, div_factor=20,
		// final_div_factor=1, anneal_strategy='cos'): start 0.05, peak at step 1, back to 0.05 at step 19.
		OneCycle c = new OneCycle(20);
		assertEquals(0.05, c.learningRate(0, 1), 1e-12);
		assertEquals(1.0, c.learningRate(1, 1), 1e-12);
		assertEquals(0.05, c.learningRate(19, 1), 1e-12);
		double mid = 0.05 + (1 - 0.05) / 2 * (1 + Math.cos(Math.PI * (10 - 1) / 18.0));
		assertEquals(mid, c.learningRate(10, 1), 1e-12);
		assertEquals(0.95, c.beta1(0), 1e-12);
		assertEquals(0.85, c.beta1(1), 1e-12);
		assertEquals(0.95, c.beta1(19), 1e-12);
	}
}
