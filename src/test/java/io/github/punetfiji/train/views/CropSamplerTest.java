package io.github.punetfiji.train.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CropSamplerTest {

	/** 60×60×10, class 1 in a 20×20×10 block (11 %), class 2 a 2×2×2 cube (0.02 %), rest 0. */
	static Sample rare() {
		int[] d = {60, 60, 10};
		byte[] l = new byte[60 * 60 * 10];
		Sample s = Sample.of("r", d, new float[l.length], l);
		for (int x = 0; x < 60; x++) {
			for (int y = 0; y < 60; y++) {
				for (int z = 0; z < 10; z++) {
					if (x >= 5 && x < 25 && y >= 5 && y < 25) l[s.index(x, y, z)] = 1;
					if (x >= 40 && x < 42 && y >= 40 && y < 42 && z >= 4 && z < 6) l[s.index(x, y, z)] = 2;
				}
			}
		}
		return s;
	}

	@Test
	void twoDimensionalPatchesAreSlices() {
		Sample s = rare();
		CropSampler c = new CropSampler(new int[] {32, 32, 1}, null);
		assertArrayEquals(new int[] {32, 32, 1}, c.cropSize(s));
		int[] seenZ = new int[10];
		SplittableRandom rng = new SplittableRandom(1);
		for (int i = 0; i < 1000; i++) {
			int[] o = c.sample(s, rng);
			assertTrue(o[0] >= 0 && o[0] <= 28 && o[1] >= 0 && o[1] <= 28);
			seenZ[o[2]]++;
		}
		for (int z : seenZ) assertEquals(100, z, 40); // every slice, uniformly
		assertArrayEquals(new int[] {60, 60, 10}, new CropSampler(new int[] {64, 64, 16}, null).cropSize(s));
	}

	@Test
	void classWeightsSetTheCentreClassRates() {
		Sample s = rare();
		CropSampler c = new CropSampler(new int[] {16, 16, 4}, new double[] {1, 1, 2});
		int[] hits = new int[3];
		SplittableRandom rng = new SplittableRandom(2);
		for (int i = 0; i < 4000; i++) {
			int[] v = c.sampleCentreVoxel(s, rng);
			hits[s.labels()[s.index(v[0], v[1], v[2])]]++;
		}
		assertEquals(1000, hits[0], 120);
		assertEquals(1000, hits[1], 120);
		assertEquals(2000, hits[2], 150);
		// the crops contain the rare class at least as often as it was chosen
		int contain = 0;
		for (int i = 0; i < 1000; i++) {
			int[] o = c.sample(s, rng);
			if (o[0] <= 40 && o[0] + 16 >= 42 && o[1] <= 40 && o[1] + 16 >= 42 && o[2] <= 5 && o[2] + 4 >= 5) contain++;
		}
		assertTrue(contain > 400, "contain " + contain);
	}

	@Test
	void uniformCropsFindRareClassesAtTheirFrequency() {
		Sample s = rare();
		SplittableRandom rng = new SplittableRandom(3);
		CropSampler c = new CropSampler(new int[] {1, 1, 1}, null); // a voxel: P(class 2) = 8 / 36000
		int hits = 0;
		for (int i = 0; i < 36000; i++) {
			int[] o = c.sample(s, rng);
			if (s.labels()[s.index(o[0], o[1], o[2])] == 2) hits++;
		}
		assertEquals(8, hits, 9);
		assertNull(c.sampleCentreVoxel(s, rng));
	}

	@Test
	void unlabelledSubjectsFallBackToUniform() {
		Sample s = Sample.of("u", new int[] {10, 10, 2}, new float[200], null);
		CropSampler c = new CropSampler(new int[] {4, 4, 1}, new double[] {1, 1});
		assertNull(c.sampleCentreVoxel(s, new SplittableRandom(1)));
		assertEquals(3, c.sample(s, new SplittableRandom(1)).length);
		assertThrows(IllegalArgumentException.class, () -> new CropSampler(new int[] {4, 4}, null));
	}

	@Test
	void subjectsAreDrawnByWeightWithReplacement() {
		List<Sample> subj = List.of(rare().withWeight(1), rare().withWeight(0), rare().withWeight(3));
		int[] d = Subjects.draw(subj, 4000, new SplittableRandom(4));
		int[] n = new int[3];
		for (int i : d) n[i]++;
		assertEquals(0, n[1]);
		assertEquals(1000, n[0], 120);
		assertEquals(3000, n[2], 120);
	}

	@Test
	void numAnnotatedLimitsLabelledSubjects() {
		List<Sample> subj = List.of(rare(), rare(), rare());
		assertEquals(2, Subjects.limitAnnotated(subj, 2, false).size());
		List<Sample> kept = Subjects.limitAnnotated(subj, 1, true);
		assertEquals(3, kept.size());
		assertTrue(kept.get(0).annotated() && !kept.get(1).annotated() && !kept.get(2).annotated());
		assertEquals(3, Subjects.limitAnnotated(subj, -1, false).size());
		assertThrows(IllegalArgumentException.class, () -> Subjects.limitAnnotated(subj, 4, true));
	}
}
