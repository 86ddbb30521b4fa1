package io.github.punetfiji.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Window placement and blending weights, by MONAI's rules. */
class WindowGridTest {
	@Test
	void startsStepByWindowTimesOneMinusOverlapAndEndAtTheBorder() {
		assertArrayEquals(new int[] {0, 2, 4, 6}, WindowGrid.starts(10, 4, 0.5));
		assertArrayEquals(new int[] {0, 1}, WindowGrid.starts(5, 4, 0.5));
		assertArrayEquals(new int[] {0}, WindowGrid.starts(4, 4, 0.5));
		assertArrayEquals(new int[] {0, 3, 6, 7}, WindowGrid.starts(11, 4, 0.25));
		assertArrayEquals(new int[] {0, 4, 6}, WindowGrid.starts(10, 4, 0));
		// depth-1 windows (2D presets): every slice once
		assertArrayEquals(new int[] {0, 1, 2}, WindowGrid.starts(3, 1, 0.5));
		// 512 with 224 at 0.5: 0, 112, 224, 288
		assertArrayEquals(new int[] {0, 112, 224, 288}, WindowGrid.starts(512, 224, 0.5));
	}

	@Test
	void smallAxesArePaddedSymmetrically() {
		WindowGrid g = new WindowGrid(new long[] {20, 32, 3}, new int[] {32, 32, 8}, 0.5);
		assertArrayEquals(new int[] {6, 0, 2}, g.padBefore());
		assertArrayEquals(new long[] {32, 32, 8}, g.padded());
		assertEquals(1, g.count());
	}

	@Test
	void blendingWeightsCoverEveryVoxelAndNormaliseToAnAverage() {
		int[] w = {8, 6, 4};
		float[] c = Blending.CONSTANT.importance(w);
		for (float x : c) assertEquals(1f, x);
		float[] g = Blending.GAUSSIAN.importance(w);
		// separable, symmetric, centred between the two middle voxels, floor 1e-3
		assertEquals(g[(3 * 6 + 2) * 4 + 1], g[(4 * 6 + 3) * 4 + 2], 1e-7);
		double sigma = 0.125 * 8;
		double expected = Math.exp(-3.5 * 3.5 / (2 * sigma * sigma)) * Math.exp(-2.5 * 2.5 / (2 * 0.75 * 0.75))
				* Math.exp(-1.5 * 1.5 / (2 * 0.5 * 0.5));
		assertEquals(Math.max(expected, 1e-3), g[0], 1e-7);
		for (float x : g) assertTrue(x >= 1e-3f && x <= 1f);
		// summed over all windows of a grid, every voxel has weight > 0 and a constant output blends to itself
		WindowGrid grid = new WindowGrid(new long[] {21, 13, 9}, w, 0.5);
		double[] wsum = new double[21 * 13 * 9];
		double[] vsum = new double[wsum.length];
		for (int sx : grid.starts(0)) for (int sy : grid.starts(1)) for (int sz : grid.starts(2)) {
			for (int x = 0; x < 8; x++) for (int y = 0; y < 6; y++) for (int z = 0; z < 4; z++) {
				int i = (sx + x) + 21 * ((sy + y) + 13 * (sz + z));
				float wi = g[(x * 6 + y) * 4 + z];
				wsum[i] += wi;
				vsum[i] += wi * 0.7;
			}
		}
		for (int i = 0; i < wsum.length; i++) {
			assertTrue(wsum[i] > 0, "voxel " + i + " covered");
			assertEquals(0.7, vsum[i] / wsum[i], 1e-12);
		}
	}
}
