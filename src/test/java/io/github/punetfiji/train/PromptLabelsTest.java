package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PromptLabelsTest {
	// Two elements of 5 voxels over 5 classes; element 0 prompts {0, 1, 3}, element 1 prompts {0, 4}.
	private static final ActiveLabels ACTIVE = ActiveLabels.of(new long[][] {{1, 1, 0, 1, 0}, {1, 0, 0, 0, 1}});
	private static final long[] LABELS = {0, 1, 2, 3, 4, /**/ 0, 1, 2, 3, 4};

	@Test
	void activeClassesMapToChannelsInAscendingOrder() {
		assertArrayEquals(new long[] {0, 1, 0, 2, 0, /**/ 0, 0, 0, 0, 1}, PromptLabels.gather(LABELS, 5, ACTIVE));
		assertArrayEquals(new int[] {0, 1, 0, 2, 0}, PromptLabels.channelOfClass(ACTIVE, 0));
		assertArrayEquals(new int[] {0, 1, 3}, ACTIVE.classes(0));
		assertEquals(2, ACTIVE.count(1));
	}

	@Test
	void foldInactiveKeepsClassIds() {
		assertArrayEquals(new long[] {0, 1, 0, 3, 0, /**/ 0, 0, 0, 0, 4}, PromptLabels.foldInactive(LABELS, 5, ACTIVE));
	}

	@Test
	void ndArrayVersionKeepsShape() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray labels = m.create(LABELS, new Shape(2, 5, 1, 1));
			NDArray t = PromptLabels.gather(labels, ACTIVE);
			assertEquals(new Shape(2, 5, 1, 1), t.getShape());
			assertArrayEquals(PromptLabels.gather(LABELS, 5, ACTIVE), t.toLongArray());
			assertEquals(ACTIVE, ActiveLabels.fromNDArray(ACTIVE.toNDArray(m)));
		}
	}

	@Test
	void rejectsLabelsOutsideTheClasses() {
		assertThrows(IllegalArgumentException.class, () -> PromptLabels.gather(new long[] {0, 5}, 1, ACTIVE));
		assertThrows(IllegalArgumentException.class, () -> PromptLabels.gather(new long[] {0, 1, 2}, 1, ACTIVE));
	}

	@Test
	void frozenClassesFoldIntoBackground() {
		ActiveLabels active = ActiveLabels.same(1, 5, 1, 2, 4);
		ActiveLabels nonFrozen = active.withoutFrozen(new boolean[] {true, false, true, false, false});
		assertArrayEquals(new int[] {0, 1, 4}, nonFrozen.classes(0)); // background is never frozen
		assertArrayEquals(new long[] {0, 1, 0, 0, 2}, PromptLabels.gather(new long[] {0, 1, 2, 3, 4}, 5, nonFrozen));
		try (NDManager m = NDManager.newBaseManager()) {
			// channels of active {0, 1, 2, 4} with values 1, 10, 100, 1000 at one voxel
			NDArray logits = m.create(new float[] {1, 10, 100, 1000}, new Shape(1, 4, 1, 1, 1));
			NDArray merged = PromptLabels.mergeFrozenPredictions(logits, active, nonFrozen);
			assertEquals(new Shape(1, 3, 1, 1, 1), merged.getShape());
			assertArrayEquals(new float[] {101, 10, 1000}, merged.toFloatArray(), 0f);
		}
	}

	@Test
	void samplerDrawsDistinctBaseClassesWithinBounds() {
		int[] base = {1, 2, 3, 5, 7};
		ActiveLabelSampler s = new ActiveLabelSampler(9, base, 1, 3, 42L);
		int[] seenCounts = new int[4];
		int[] seenClasses = new int[9];
		for (int i = 0; i < 300; i++) {
			ActiveLabels a = s.sample(4);
			int k = a.count(0) - 1;
			seenCounts[k]++;
			for (int b = 0; b < 4; b++) {
				assertEquals(k + 1, a.count(b), "same number of active classes across the batch");
				int[] cls = a.classes(b);
				assertEquals(0, cls[0], "background always active");
				for (int j = 1; j < cls.length; j++) {
					int c = cls[j];
					assertEquals(true, java.util.Arrays.stream(base).anyMatch(x -> x == c), "drawn from base");
					seenClasses[c]++;
				}
			}
		}
		assertEquals(0, seenCounts[0]);
		for (int k = 1; k <= 3; k++) assertEquals(true, seenCounts[k] > 60, "k=" + k + " drawn " + seenCounts[k]);
		for (int c : base) assertEquals(true, seenClasses[c] > 100, "class " + c + " drawn " + seenClasses[c]);
		assertEquals(0, seenClasses[4] + seenClasses[6] + seenClasses[8]);
	}

	@Test
	void samplerIsSeededAndValidates() {
		int[] base = {1, 2, 3, 4};
		ActiveLabelSampler a = new ActiveLabelSampler(5, base, 1, 2, 7L), b = new ActiveLabelSampler(5, base, 1, 2, 7L);
		for (int i = 0; i < 10; i++) assertEquals(a.sample(3), b.sample(3));
		assertThrows(IllegalArgumentException.class, () -> new ActiveLabelSampler(5, base, 0, 2, 1L));
		assertThrows(IllegalArgumentException.class, () -> new ActiveLabelSampler(5, base, 2, 5, 1L));
		assertThrows(IllegalArgumentException.class, () -> new ActiveLabelSampler(5, new int[] {0, 1}, 1, 1, 1L));
		ActiveLabels v = new ActiveLabelSampler(5, base, 1, 2, 3L).sampleForCategory(2, 3);
		for (int e = 0; e < 2; e++) {
			assertEquals(3, v.count(e));
			assertEquals(true, v.isActive(e, 0) && v.isActive(e, 3));
		}
		assertEquals(ActiveLabels.of(new long[][] {{1, 0, 0, 0, 1}}), ActiveLabels.same(1, 5, 4));
	}
}
