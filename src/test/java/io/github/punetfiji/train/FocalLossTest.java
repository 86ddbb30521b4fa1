package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.punetfiji.io.NpyArray;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class FocalLossTest {
	private static final double[] ADD_DEFAULT = {0.0, 0.9};

	private static FocalLoss.Config configOf(String fixtureCase) {
		return fixtureCase.equals("B")
				? FocalLoss.Config.classDefaults()
				: FocalLoss.Config.instructionModel(FocalLoss.ADDITIVE_ALPHA_TCIA_BTCV);
	}

	@TestFactory
	Stream<DynamicTest> matchesReference() {
		return Stream.of("A", "B", "C", "D").map(c -> DynamicTest.dynamicTest("case " + c, () -> matchesReference(c)));
	}

	private static void matchesReference(String c) {
		Map<String, NpyArray> fx = ParityFixtures.load("losses.npz");
		String p = "in/focal/" + c + "/";
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray logits = ParityFixtures.floats(m, fx.get(p + "logits"));
			NDArray targets = ParityFixtures.longs(m, fx.get(p + "targets"));
			NpyArray li = fx.get(p + "label_indices_active");
			ActiveLabels active = li == null ? null : ActiveLabels.of(ParityFixtures.matrix(li));
			logits.setRequiresGradient(true);
			float loss;
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				NDArray l = new FocalLoss(configOf(c)).compute(logits, targets, active);
				ParityFixtures.collectGarbage();
				gc.backward(l);
				loss = l.getFloat();
			}
			float expected = fx.get("out/focal/" + c + "/loss").toFloats()[0];
			float[] grad = logits.getGradient().toFloatArray();
			float[] expectedGrad = fx.get("out/focal/" + c + "/grad_logits").toFloats();
			double[] e = ParityFixtures.errors(grad, expectedGrad, 1e-6);
			System.out.printf("focal %s: loss %.8g vs %.8g (rel %.2e); grad max abs %.2e rel %.2e%n", c, loss, expected,
					Math.abs(loss - expected) / Math.abs(expected), e[0], e[1]);
			assertEquals(expected, loss, 1e-5 * Math.abs(expected), "loss " + c);
			ParityFixtures.assertClose("grad " + c, grad, expectedGrad, 1e-5, 1e-7);
		}
	}

	@Test
	void alphaFollowsActiveClasses() {
		FocalLoss f = new FocalLoss(FocalLoss.Config.instructionModel(FocalLoss.ADDITIVE_ALPHA_TCIA_BTCV));
		ActiveLabels a = ActiveLabels.of(new long[][] {{1, 0, 0, 1, 0, 0, 0, 0, 1}, {1, 0, 0, 0, 0, 0, 0, 0, 0}});
		assertArrayEquals(new float[] {1f, 1f + 0.85956404f, 1f + 0.25115765f}, f.alpha(3, a, 0), 0f);
		// one active class: the reference broadcasts its single additive alpha to every channel
		assertArrayEquals(new float[] {1f, 1f}, f.alpha(2, a, 1), 0f);
		assertThrows(IllegalArgumentException.class, () -> f.alpha(2, a, 0));
		FocalLoss d = new FocalLoss(FocalLoss.Config.classDefaults());
		assertArrayEquals(new float[] {0.1f, 0.1f + 0.9f}, d.alpha(2, null, 0), 0f);
	}

	@Test
	void perfectPredictionGivesZeroAndRejectsBadTargets() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray logits = m.create(new float[] {50, -50, -50, 50}, new Shape(1, 2, 2, 1, 1));
			NDArray targets = m.create(new long[] {0, 1}, new Shape(1, 2, 1, 1));
			FocalLoss f = new FocalLoss(FocalLoss.Config.classDefaults());
			assertEquals(0f, f.compute(logits, targets, null).getFloat(), 1e-30f);
			NDArray bad = m.create(new long[] {0, 2}, new Shape(1, 2, 1, 1));
			assertThrows(IllegalArgumentException.class, () -> f.compute(logits, bad, null));
			assertThrows(IllegalArgumentException.class, () -> f.compute(logits, targets.reshape(1, 2, 1), null));
		}
	}

	@Test
	void configCopiesItsArray() {
		double[] add = ADD_DEFAULT.clone();
		FocalLoss.Config c = new FocalLoss.Config(1, 2, 0.1, 0.1, add);
		add[1] = 5;
		assertEquals(0.9, c.additiveAlpha()[1]);
		assertEquals(FocalLoss.Config.classDefaults(), new FocalLoss.Config(1, 1.5, 0.1, 0.1, new double[] {0, 0.9}));
		assertEquals(Arrays.toString(ADD_DEFAULT), Arrays.toString(FocalLoss.Config.classDefaults().additiveAlpha()));
	}
}
