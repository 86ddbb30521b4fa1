package io.github.punetfiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Pure window functions: round trips, strided layout, rolls, plans for awkward sizes. */
class WindowsTest {
	@Test
	void partitionIsStridedAndRecombineInvertsIt() {
		try (NDManager m = NDManager.newBaseManager()) {
			int[] win = {2, 3, 1};
			NDArray x = m.arange(2f * 3 * 4 * 6 * 2).reshape(2, 3, 4, 6, 2);
			NDArray t = Windows.partition(x, win); // P = 2*2*2, N = 6
			assertArrayEquals(new long[] {2, 8, 6, 3}, t.getShape().getShape());
			// token (i, j, k) of window (p1, p2, p3) is voxel (i*P1 + p1, j*P2 + p2, k*P3 + p3)
			float[] xv = x.toFloatArray();
			float[] tv = t.toFloatArray();
			int p1 = 1, p2 = 0, p3 = 1, i = 1, j = 2, c = 2;
			int h = i * 2 + p1, w = j * 2 + p2, d = p3;
			float expected = xv[(((1 * 3 + c) * 4 + h) * 6 + w) * 2 + d];
			int window = (p1 * 2 + p2) * 2 + p3, token = (i * 3 + j) * 1;
			assertEquals(expected, tv[((1 * 8 + window) * 6 + token) * 3 + c]);
			assertArrayEquals(xv, Windows.recombine(t, win, new int[] {4, 6, 2}).toFloatArray());
		}
	}

	@Test
	void rollMatchesTorchRoll() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray x = m.arange(5f).reshape(1, 1, 5, 1, 1);
			assertArrayEquals(new float[] {3, 4, 0, 1, 2}, Windows.roll(x, new int[] {2, 0, 0}).toFloatArray());
			assertArrayEquals(new float[] {2, 3, 4, 0, 1}, Windows.roll(x, new int[] {-2, 0, 0}).toFloatArray());
			NDArray y = m.arange(12f).reshape(1, 1, 2, 3, 2);
			assertArrayEquals(y.toFloatArray(), Windows.roll(Windows.roll(y, new int[] {1, -1, 1}), new int[] {-1, 1, -1}).toFloatArray());
		}
	}

	@Test
	void plansFollowTheReferenceRules() {
		Windows.Plan p = Windows.plan(5, 8, 1, new int[] {4, 4, 1});
		assertArrayEquals(new int[] {1, 2, 2, 2, 0, 0}, p.paddings); // divisible W gains a whole window
		assertArrayEquals(new int[] {8, 12, 1}, p.padded);
		assertArrayEquals(new int[] {2, 2, 0}, p.shift);
		Windows.Plan small = Windows.plan(4, 3, 1, new int[] {4, 4, 1});
		assertArrayEquals(new int[] {4, 3, 1}, small.window); // <= shrinks, equal too
		assertArrayEquals(new int[] {0, 0, 0}, small.shift);
		assertEquals(false, small.padded());
		Windows.Plan deep = Windows.plan(6, 6, 8, new int[] {4, 4, 4});
		assertArrayEquals(new int[] {1, 1, 1, 1, 2, 2}, deep.paddings); // the tiny-3d x_12 case: 8x8x12
		assertArrayEquals(new int[] {8, 8, 12}, deep.padded);
	}

	@Test
	void padAndCropRoundTrip() {
		try (NDManager m = NDManager.newBaseManager()) {
			Windows.Plan p = Windows.plan(5, 3, 1, new int[] {4, 4, 1});
			NDArray x = m.randomNormal(new Shape(1, 2, 5, 3, 1));
			NDArray padded = Windows.pad(x, p);
			assertArrayEquals(new long[] {1, 2, p.padded[0], p.padded[1], p.padded[2]}, padded.getShape().getShape());
			assertArrayEquals(new long[] {1, 2, 5, 3, 1}, Windows.crop(padded, p).getShape().getShape());
		}
	}
}
