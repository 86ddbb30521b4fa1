package io.github.punetfiji.train.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResamplingTest {

	@Test
	void reflectIndexLikeNumpyReflect() {
		// np.pad(np.arange(4), 5, mode="reflect") = [1 2 3 2 1 | 0 1 2 3 | 2 1 0 1 2]
		int[] want = {1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2};
		for (int i = -5; i < 9; i++) assertEquals(want[i + 5], Resampling.reflect(i, 4), "i=" + i);
		assertEquals(0, Resampling.reflect(-3, 1));
		assertEquals(0.5, Resampling.reflect(-0.5, 4), 1e-12);
		assertEquals(2.5, Resampling.reflect(3.5, 4), 1e-12);
		assertEquals(0.25, Resampling.reflect(6.25, 4), 1e-12);
	}

	@Test
	void identityAffineKeepsEverything() {
		Sample s = TestSamples.bands("a", new int[] {20, 17, 3});
		View v = View.crop(s, new int[] {0, 0, 0}, s.dims());
		View w = Resampling.affineInPlane(v, new double[] {1, 0, 0, 1});
		assertArrayEquals(v.image, w.image);
		assertArrayEquals(v.grid, w.grid);
		assertArrayEquals(v.labels, w.labels);
	}

	@Test
	void cropKeepsValuesAndSourcePositions() {
		Sample s = TestSamples.bands("a", new int[] {30, 20, 5});
		View v = View.crop(s, new int[] {4, 3, 2}, new int[] {10, 8, 1});
		int n = v.size();
		// voxel (2, 5, 0) of the crop is voxel (6, 8, 2) of the sample; grid = index - (dim - 1) / 2.
		int i = (2 * 8 + 5) * 1;
		assertEquals(s.image()[s.index(6, 8, 2)], v.image[i]);
		assertEquals(6 - 14.5f, v.grid[i]);
		assertEquals(8 - 9.5f, v.grid[n + i]);
		assertEquals(0f, v.grid[2 * n + i]);
	}

	@Test
	void padIsSymmetricReflection() {
		Sample s = TestSamples.bands("a", new int[] {4, 3, 1});
		View v = View.crop(s, new int[] {0, 0, 0}, s.dims());
		View p = Resampling.cropOrPad(v, new int[] {8, 3, 1}, new SplittableRandom(1));
		// pad 2 before, 2 after: rows 2 1 | 0 1 2 3 | 2 1
		int[] rows = {2, 1, 0, 1, 2, 3, 2, 1};
		for (int x = 0; x < 8; x++) {
			for (int y = 0; y < 3; y++) assertEquals(v.image[rows[x] * 3 + y], p.image[x * 3 + y]);
		}
		assertEquals(0, TestSamples.gridError(p, TestSamples.SMOOTH), 1e-6);
	}

	@Test
	void rotationByQuarterTurnPermutesExactly() {
		Sample s = TestSamples.bands("a", new int[] {9, 9, 1});
		View v = View.crop(s, new int[] {0, 0, 0}, s.dims());
		View r = Resampling.affineInPlane(v, InPlaneAffine.matrix(Math.PI / 2, 0, 0, 1, 1));
		// output offset (px, py) reads input offset (-py, px)
		for (int x = 0; x < 9; x++) {
			for (int y = 0; y < 9; y++) {
				int sx = 4 - (y - 4), sy = 4 + (x - 4);
				assertEquals(v.image[sx * 9 + sy], r.image[x * 9 + y], 1e-5);
				assertEquals(v.labels[sx * 9 + sy], r.labels[x * 9 + y]);
			}
		}
		assertTrue(TestSamples.gridError(r, TestSamples.SMOOTH) < 1e-5);
	}
}
