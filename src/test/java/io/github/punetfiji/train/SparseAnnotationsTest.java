package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.train.views.CropSampler;
import io.github.punetfiji.train.views.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse annotations: voxels labelled {@link Sample#UNLABELLED} (255) add nothing to the segmentation loss or
 * its gradient; crops of a sparsely annotated subject hold an annotated slice; {@code annotated_slices} keeps
 * only the slices it names.
 */
class SparseAnnotationsTest {
	static final int B = 2, K = 3, N = 4 * 5 * 1;

	/** The focal loss and its gradient for targets in which the voxels of {@code ignored} are unlabelled. */
	static float[][] lossAndGradient(float[] logits, long[] labels, boolean[] ignored) {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray x = m.create(logits, new Shape(B, K, 4, 5, 1));
			x.setRequiresGradient(true);
			long[] t = labels.clone();
			for (int i = 0; i < t.length; i++) if (ignored[i]) t[i] = Sample.UNLABELLED;
			ActiveLabels active = ActiveLabels.same(B, K, new int[] {1, 2});
			NDArray targets = PromptLabels.gather(m.create(t, new Shape(B, 4, 5, 1)), active);
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				NDArray loss = new FocalLoss(FocalLoss.Config.instructionModel(new double[] {0, 0.2, 0.4})).compute(x, targets, active);
				gc.backward(loss);
				return new float[][] {{loss.getFloat()}, x.getGradient().toFloatArray()};
			}
		}
	}

	@Test
	void unlabelledVoxelsGiveZeroLossAndZeroGradient() {
		Random r = new Random(5);
		float[] logits = new float[B * K * N];
		for (int i = 0; i < logits.length; i++) logits[i] = (float) r.nextGaussian();
		long[] labels = new long[B * N];
		boolean[] ignored = new boolean[B * N];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = r.nextInt(K);
			ignored[i] = i % 3 == 0;
		}
		float[][] a = lossAndGradient(logits, labels, ignored);
		// the logits of unlabelled voxels get no gradient ...
		for (int b = 0; b < B; b++) for (int k = 0; k < K; k++) for (int v = 0; v < N; v++) {
			if (ignored[b * N + v]) assertEquals(0f, a[1][(b * K + k) * N + v], 0f, "gradient at an unlabelled voxel");
		}
		assertTrue(a[0][0] > 0);
		// ... and whatever they hold, the loss and the other gradients stay the same
		float[] changed = logits.clone();
		long[] relabelled = labels.clone();
		for (int b = 0; b < B; b++) for (int v = 0; v < N; v++) {
			if (!ignored[b * N + v]) continue;
			relabelled[b * N + v] = (labels[b * N + v] + 1) % K;
			for (int k = 0; k < K; k++) changed[(b * K + k) * N + v] += 5;
		}
		float[][] c = lossAndGradient(changed, relabelled, ignored);
		assertEquals(a[0][0], c[0][0], 0f);
		assertArrayEquals(a[1], c[1], 0f);
		// with every voxel annotated, the loss is the reference's mean over all voxels, as before
		float[][] all = lossAndGradient(logits, labels, new boolean[B * N]);
		assertTrue(Math.abs(all[0][0] - a[0][0]) > 1e-6, "the unlabelled voxels were really left out");
	}

	@Test
	void unlabelledStaysUnlabelledThroughPromptLabels() {
		ActiveLabels active = ActiveLabels.same(1, 4, new int[] {2});
		assertArrayEquals(new long[] {0, 0, 1, 0, PromptLabels.IGNORE}, PromptLabels.gather(new long[] {0, 1, 2, 3, 255}, 5, active));
		assertArrayEquals(new long[] {0, 0, 2, 0, 255}, PromptLabels.foldInactive(new long[] {0, 1, 2, 3, 255}, 5, active));
	}

	@Test
	void cropsOfASparseSubjectHoldAnAnnotatedSlice() {
		int[] dims = {16, 16, 12};
		byte[] labels = new byte[16 * 16 * 12];
		Sample full = new Sample(dims, new double[] {1, 1, 1}, new float[labels.length], labels, "s", true, 1);
		assertNull(full.annotatedSlices(), "fully annotated");
		Sample sparse = full.keepingSlices(new int[] {3, 9});
		assertArrayEquals(new int[] {3, 9}, sparse.annotatedSlices());
		assertEquals(0, labels[0], "the original labels are not changed");
		SplittableRandom rng = new SplittableRandom(1);
		CropSampler slices = new CropSampler(new int[] {8, 8, 1}, null);
		CropSampler slabs = new CropSampler(new int[] {8, 8, 4}, null);
		boolean[] seen = new boolean[12];
		for (int i = 0; i < 200; i++) {
			int z = slices.sample(sparse, rng)[2];
			assertTrue(z == 3 || z == 9, "2D crop at slice " + z);
			seen[z] = true;
			int z0 = slabs.sample(sparse, rng)[2];
			assertTrue(z0 <= 3 && 3 < z0 + 4 || z0 <= 9 && 9 < z0 + 4, "3D crop from slice " + z0);
		}
		assertTrue(seen[3] && seen[9], "both annotated slices are drawn");
		assertThrows(IllegalArgumentException.class, () -> full.keepingSlices(new int[] {12}));
	}

	@Test
	void promptTuningFromAFewAnnotatedSlices(@TempDir Path tmp) {
		PromptTuningFixtures.body(tmp, 2, new int[] {48, 48, 6});
		TrainingOptions o = PromptTuningFixtures.promptTuning(tmp, "tuned");
		o.maxSteps = 3;
		o.overrides.put("annotated_slices", List.of(2L, 4L));
		TrainingResult r = Trainer.run(o,
				Progress.steps(e -> assertTrue(Double.isFinite(e.loss()) && e.loss() > 0, "loss " + e.loss()), null));
		assertEquals(3, r.steps());
		o.out = tmp.resolve("bad");
		o.overrides.put("annotated_slices", List.of(6L));
		PunetException e = assertThrows(PunetException.class, () -> Trainer.run(o, null));
		assertTrue(e.getMessage().startsWith("--annotated_slices: slice 6 is outside [0, 5]"), e.getMessage());
	}
}
