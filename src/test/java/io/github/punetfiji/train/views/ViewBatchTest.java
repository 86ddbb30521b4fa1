package io.github.punetfiji.train.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ViewBatchTest {

	@Test
	void ndArraysHaveTheNetworkLayout() {
		ViewBatch b = new ViewGenerator(ViewGeneratorTest.subjects(), ViewGeneratorTest.ANISO).next(2, new SplittableRandom(1));
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray t = b.teacherImage(m);
			assertEquals(new Shape(2, 1, 64, 64, 8), t.getShape());
			assertEquals(new Shape(2, 3, 40, 40, 8), b.studentGrid(1, m).getShape());
			NDArray l = b.studentLabel(0, m);
			assertEquals(new Shape(2, 56, 56, 8), l.getShape());
			assertEquals(DataType.INT64, l.getDataType());
			assertEquals(2, b.studentImageList(m).size());
			// element 1, grid channel 2 (z) at voxel (3, 4, 5) = flat [1, 2, 3, 4, 5]
			View v = b.teacherView(1);
			float want = v.grid[2 * v.size() + (3 * 64 + 4) * 8 + 5];
			assertEquals(want, b.teacherGrid(m).getFloat(1, 2, 3, 4, 5));
			assertArrayEquals(b.teacherImages(), t.toFloatArray());
		}
	}
}
