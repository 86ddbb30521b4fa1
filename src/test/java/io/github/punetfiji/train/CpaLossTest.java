package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.punetfiji.io.NpyArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpaLossTest {
	private static final String IN = "in/contrastive/";
	private static final String OUT = "out/contrastive/";

	@Test
	void matchesReference() {
		Map<String, NpyArray> fx = ParityFixtures.load("losses.npz");
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray s0 = ParityFixtures.floats(m, fx.get(IN + "embeddings_student0"));
			NDArray s1 = ParityFixtures.floats(m, fx.get(IN + "embeddings_student1"));
			NDArray t = ParityFixtures.floats(m, fx.get(IN + "embeddings_teacher"));
			NDArray g0 = ParityFixtures.floats(m, fx.get(IN + "coord_grid_student0"));
			NDArray g1 = ParityFixtures.floats(m, fx.get(IN + "coord_grid_student1"));
			NDArray gt = ParityFixtures.floats(m, fx.get(IN + "coord_grid_teacher"));
			s0.setRequiresGradient(true);
			s1.setRequiresGradient(true);
			CpaLoss loss = new CpaLoss(CpaLoss.Config.defaults(), CpaLoss.Jitter.zeros());
			float l0, l1;
			NDArray plot;
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				CpaLoss.Result r = loss.compute(List.of(s0, s1), t, List.of(g0, g1), gt);
				ParityFixtures.collectGarbage();
				gc.backward(r.total());
				l0 = r.studentLosses().get(0).getFloat();
				l1 = r.studentLosses().get(1).getFloat();
				plot = CpaLoss.plotSlice(r.teacherAssignments(), 2.0);
			}
			float e0 = fx.get(OUT + "loss_s0").toFloats()[0], e1 = fx.get(OUT + "loss_s1").toFloats()[0];
			float[] gr0 = s0.getGradient().toFloatArray(), gr1 = s1.getGradient().toFloatArray();
			float[] eg0 = fx.get(OUT + "grad_student0").toFloats(), eg1 = fx.get(OUT + "grad_student1").toFloats();
			float[] ep = fx.get(OUT + "plots_sim_teacher_proxy").toFloats();
			double[] d0 = ParityFixtures.errors(gr0, eg0, 1e-6), d1 = ParityFixtures.errors(gr1, eg1, 1e-6);
			double[] dp = ParityFixtures.errors(plot.toFloatArray(), ep, 1e-3);
			System.out.printf("cpa: loss_s0 %.8g vs %.8g (rel %.2e), loss_s1 %.8g vs %.8g (rel %.2e)%n", l0, e0, Math.abs(l0 - e0) / e0, l1,
					e1, Math.abs(l1 - e1) / e1);
			System.out.printf("cpa: grad_s0 max abs %.2e rel %.2e; grad_s1 max abs %.2e rel %.2e; plot max abs %.2e rel %.2e%n", d0[0],
					d0[1], d1[0], d1[1], dp[0], dp[1]);
			assertEquals(e0, l0, 1e-5 * e0, "loss_s0");
			assertEquals(e1, l1, 1e-5 * e1, "loss_s1");
			ParityFixtures.assertClose("grad_student0", gr0, eg0, 1e-5, 1e-6);
			ParityFixtures.assertClose("grad_student1", gr1, eg1, 1e-5, 1e-6);
			assertEquals(new Shape(2, 4, 16, 16, 1), plot.getShape());
			ParityFixtures.assertClose("plots_sim_teacher_proxy", plot.toFloatArray(), ep, 1e-3, 1e-4);
		}
	}

	/** Random inputs with grids as in the fixture: ramps at twice the map size, shifted per sample. */
	private static List<NDArray> inputs(NDManager m, long seed) {
		m.getEngine().setRandomSeed((int) seed);
		NDArray s0 = m.randomNormal(new Shape(2, 8, 12, 12, 1));
		NDArray s1 = m.randomNormal(new Shape(2, 8, 10, 10, 1));
		NDArray t = m.randomNormal(new Shape(2, 8, 16, 16, 1));
		return List.of(s0, s1, t, grid(m, 24, new float[] {2, -3, -4, 1}), grid(m, 20, new float[] {-1, 2, 3, -2}),
				grid(m, 32, new float[] {0, 0, 0.5f, -0.5f}));
	}

	private static NDArray grid(NDManager m, int n, float[] shifts) {
		float[] g = new float[2 * 3 * n * n];
		for (int b = 0; b < 2; b++) {
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < n; j++) {
					g[((b * 3) * n + i) * n + j] = i - (n - 1) / 2f + shifts[2 * b];
					g[((b * 3 + 1) * n + i) * n + j] = j - (n - 1) / 2f + shifts[2 * b + 1];
				}
			}
		}
		return m.create(g, new Shape(2, 3, n, n, 1));
	}

	private static float[] run(CpaLoss loss, List<NDArray> in) {
		CpaLoss.Result r = loss.compute(in.subList(0, 2), in.get(2), in.subList(3, 5), in.get(5));
		return new float[] {r.studentLosses().get(0).getFloat(), r.studentLosses().get(1).getFloat()};
	}

	@Test
	void jitterIsInjectableAndSeeded() {
		try (NDManager m = NDManager.newBaseManager()) {
			List<NDArray> in = inputs(m, 11);
			CpaLoss.Config c = CpaLoss.Config.defaults();
			float[] none = run(new CpaLoss(c, CpaLoss.Jitter.zeros()), in);
			float[] fixed = run(new CpaLoss(c, high -> new int[] {1, 0, 0, 1}), in);
			float[] a = run(new CpaLoss(c, CpaLoss.Jitter.seeded(5)), in);
			float[] b = run(new CpaLoss(c, CpaLoss.Jitter.seeded(5)), in);
			assertNotEquals(none[0], fixed[0]);
			assertEquals(a[0], b[0], 0f);
			assertEquals(a[1], b[1], 0f);
			for (float v : new float[] {none[0], none[1], fixed[0], fixed[1], a[0], a[1]}) assertTrue(v > 0 && Float.isFinite(v));
			assertThrows(IllegalArgumentException.class, () -> run(new CpaLoss(c, high -> new int[] {6, 6, 0, 0}), in));
		}
	}

	@Test
	void noOverlappingViewsGivesZero() {
		try (NDManager m = NDManager.newBaseManager()) {
			List<NDArray> in = inputs(m, 12);
			NDArray far = in.get(5).add(100f);
			CpaLoss loss = new CpaLoss(CpaLoss.Config.defaults(), CpaLoss.Jitter.zeros());
			CpaLoss.Result r = loss.compute(in.subList(0, 2), in.get(2), in.subList(3, 5), far);
			assertEquals(0f, r.total().getFloat());
		}
	}

	@Test
	void releasesIntermediatesButKeepsTheGraph() {
		try (NDManager m = NDManager.newBaseManager()) {
			List<NDArray> in = inputs(m, 13);
			in.get(0).setRequiresGradient(true);
			int before = m.getManagedArrays().size();
			CpaLoss loss = new CpaLoss(CpaLoss.Config.defaults(), CpaLoss.Jitter.zeros());
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				CpaLoss.Result r = loss.compute(in.subList(0, 2), in.get(2), in.subList(3, 5), in.get(5));
				assertEquals(before + 3, m.getManagedArrays().size(), "only two losses and the assignments remain");
				ParityFixtures.collectGarbage();
				gc.backward(r.studentLosses().get(0));
			}
			float[] g = in.get(0).getGradient().toFloatArray();
			double norm = 0;
			for (float v : g) norm += v * v;
			assertTrue(norm > 0, "gradient reaches the student");
		}
	}
}
