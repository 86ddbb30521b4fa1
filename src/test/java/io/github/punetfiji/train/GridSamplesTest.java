package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class GridSamplesTest {
	@Test
	void sourceCoordinatesAreVoxelCentres() {
		assertArrayEquals(new float[] {0.5f, 2.5f, 4.5f, 6.5f, 8.5f, 10.5f}, GridSamples.sourceCoordinates(12, 6), 2e-6f);
		assertArrayEquals(new float[] {3.5f, 11.5f}, GridSamples.sourceCoordinates(16, 2), 2e-6f);
		assertArrayEquals(new float[] {0f}, GridSamples.sourceCoordinates(1, 1), 0f);
		// up-sampling: edge coordinates reflect into the map and clip
		assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, GridSamples.sourceCoordinates(2, 4), 2e-6f);
	}

	@Test
	void hostAndTensorResamplingAgree() {
		try (NDManager m = NDManager.newBaseManager()) {
			m.getEngine().setRandomSeed(3);
			int[] shape = {2, 3, 12, 10, 4};
			NDArray x = m.randomNormal(new Shape(2, 3, 12, 10, 4));
			for (int[] out : new int[][] {{6, 5, 2}, {1, 1, 1}, {12, 10, 4}, {5, 3, 4}}) {
				float[] host = GridSamples.sampleHost(x.toFloatArray(), shape, out);
				NDArray y = GridSamples.sample(x, new long[] {out[0], out[1], out[2]});
				assertEquals(new Shape(2, 3, out[0], out[1], out[2]), y.getShape());
				assertArrayEquals(host, y.toFloatArray(), 1e-5f);
			}
		}
	}

	@Test
	void pythonFloorDivision() {
		assertEquals(2, CpaLoss.floorDiv(16, 8.0));
		assertEquals(0, CpaLoss.floorDiv(1, 8.0));
		assertEquals(3, CpaLoss.floorDiv(7, 2.0));
		assertEquals(6, CpaLoss.floorDiv(10, 1.5));
		assertArrayEquals(new long[] {2, 2, 1}, CpaLoss.reduced(new Shape(1, 1, 16, 23, 1), 8));
	}
}
