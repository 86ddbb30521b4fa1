package io.github.punetfiji.train.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

	static View view(int[] dims) {
		Sample s = TestSamples.bands("a", dims);
		return View.crop(s, new int[] {0, 0, 0}, dims);
	}

	@Test
	void intensityAugmentationsLeaveGridAndLabels() {
		List<Augmentation> all = List.of(new BiasField(), new StdShift(0, 0.25), new AdjustContrast(), new ScaleIntensity(),
				new HistogramShift(8, 12), new Masking(), new CoarseShuffle(CoarseShuffle.HOLES),
				new CoarseDropout(CoarseDropout.INNER, true), new CoarseDropout(CoarseDropout.OUTER, false));
		for (Augmentation a : all) {
			View v = view(new int[] {40, 30, 4});
			View before = v.copy();
			a.apply(v, new SplittableRandom(3));
			assertArrayEquals(before.grid, v.grid, a.getClass().getSimpleName());
			assertArrayEquals(before.labels, v.labels, a.getClass().getSimpleName());
		}
	}

	@Test
	void biasFieldIsASmoothPositiveFactorOfTheReferenceSize() {
		View v = view(new int[] {32, 32, 1});
		Arrays.fill(v.image, 1f);
		new BiasField().apply(v, new SplittableRandom(1));
		// 20 terms, |P_k| <= 1, coefficients in [0, 0.1): exp(f) in (exp(-2), exp(2))
		for (float f : v.image) assertTrue(f > Math.exp(-2) && f < Math.exp(2));
		assertFalse(v.image[0] == v.image[v.size() - 1]);
		assertEquals(-1, BiasField.legendre(1)[0][1]); // a single slice sits at -1 (np.linspace(-1, 1, 1))
		assertEquals(1, BiasField.legendre(5)[4][3], 1e-12);
		assertEquals(-0.5, BiasField.legendre(3)[1][2], 1e-12); // P2(0)
	}

	@Test
	void stdShiftAddsAFractionOfTheStd() {
		View v = view(new int[] {20, 20, 1});
		double std = new IntensityStats(v.image).std;
		float first = v.image[0];
		new StdShift(0, 0.25).apply(v, new SplittableRandom(2));
		double shift = v.image[0] - first;
		assertTrue(shift >= 0 && shift <= 0.25 * std + 1e-6);
	}

	@Test
	void contrastAndHistogramShiftKeepRangeAndOrder() {
		for (Augmentation a : List.of(new AdjustContrast(), new HistogramShift(8, 12), new HistogramShift(12, 12))) {
			View v = view(new int[] {25, 25, 1});
			IntensityStats before = new IntensityStats(v.image);
			float[] orig = v.image.clone();
			a.apply(v, new SplittableRandom(4));
			IntensityStats after = new IntensityStats(v.image);
			assertEquals(before.min, after.min, 1e-5);
			assertEquals(before.max, after.max, 1e-5);
			for (int i = 1; i < orig.length; i++) { // monotone map
				if (orig[i] > orig[i - 1]) assertTrue(v.image[i] >= v.image[i - 1] - 1e-6);
			}
		}
	}

	@Test
	void shuffleKeepsTheValuesAndDropoutFillsWithinRange() {
		View v = view(new int[] {30, 30, 1});
		float[] orig = v.image.clone();
		new CoarseShuffle(CoarseShuffle.HOLES).apply(v, new SplittableRandom(5));
		float[] a = orig.clone(), b = v.image.clone();
		Arrays.sort(a);
		Arrays.sort(b);
		assertArrayEquals(a, b);
		assertFalse(Arrays.equals(orig, v.image));

		View w = view(new int[] {120, 120, 1});
		IntensityStats s = new IntensityStats(w.image);
		float[] o = w.image.clone();
		new CoarseDropout(CoarseDropout.OUTER, false).apply(w, new SplittableRandom(6));
		int kept = 0;
		for (int i = 0; i < o.length; i++) {
			assertTrue(w.image[i] >= s.min && w.image[i] <= s.max);
			if (w.image[i] == o[i]) kept++;
		}
		assertTrue(kept >= 48 * 48 && kept < o.length, "kept " + kept); // at least one 48² box survives
	}

	@Test
	void holesFollowMonaiSizes() {
		List<int[]> boxes = new Holes(6, 6, 48, 96).sample(new int[] {64, 64, 8}, new SplittableRandom(7));
		assertEquals(6, boxes.size());
		for (int[] b : boxes) {
			assertTrue(b[3] >= 48 && b[3] <= 64 && b[4] >= 48 && b[4] <= 64);
			assertEquals(8, b[5]); // cubic size clipped to the depth
			assertTrue(b[0] + b[3] <= 64 && b[1] + b[4] <= 64);
		}
		for (int k = 0; k < 50; k++) {
			List<int[]> h = CoarseDropout.INNER.sample(new int[] {64, 64, 1}, new SplittableRandom(k));
			assertTrue(h.size() >= 1 && h.size() <= 3);
			for (int i = 1; i < h.size(); i++) assertTrue(h.get(i)[3] >= h.get(i - 1)[3]); // MONAI 0.9 quirk
			assertEquals(1, h.get(0)[5]);
		}
	}

	@Test
	void probabilityWrapperAppliesAtTheGivenRate() {
		int[] hits = {0};
		Augmentation a = ((Augmentation) (v, r) -> hits[0]++).withProbability(0.1);
		SplittableRandom rng = new SplittableRandom(8);
		for (int i = 0; i < 10000; i++) a.apply(null, rng);
		assertEquals(1000, hits[0], 100);
	}

	@Test
	void affineMatrixIsRotateShearScale() {
		double[] m = InPlaneAffine.matrix(0, 0.02, -0.01, 1.2, 0.9);
		assertArrayEquals(new double[] {1.2, 0.02 * 0.9, -0.01 * 1.2, 0.9}, m, 1e-12);
		double[] r = InPlaneAffine.matrix(0.3, 0, 0, 1, 1);
		assertArrayEquals(new double[] {Math.cos(0.3), -Math.sin(0.3), Math.sin(0.3), Math.cos(0.3)}, r, 1e-12);
	}

	@Test
	void configNoneIsIdentityUpToTheCrop() {
		View v = view(new int[] {20, 20, 2});
		View c = v.copy();
		Augmentations.student(AugmentationConfig.none()).apply(c, new SplittableRandom(1));
		Augmentations.teacher(AugmentationConfig.none()).apply(c, new SplittableRandom(1));
		assertArrayEquals(v.image, c.image);
		assertArrayEquals(v.grid, c.grid);
	}
}
