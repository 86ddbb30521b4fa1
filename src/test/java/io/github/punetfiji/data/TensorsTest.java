package io.github.punetfiji.data;

import static io.github.punetfiji.data.ImgAssert.assertSameValues;
import static io.github.punetfiji.data.ImgAssert.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

/** The tensor axis convention: element [b, c, h, w, d] is the image value at (x = h, y = w, z = d). */
class TensorsTest {
	@Test
	void axesMapXyzToHwd() {
		ArrayImg<FloatType, ?> img = ImgAssert.ramp(4, 3, 2); // value 100x + 10y + z
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray t = Tensors.toTensor(m, img);
			assertEquals(new Shape(1, 1, 4, 3, 2), t.getShape());
			for (int x = 0; x < 4; x++) for (int y = 0; y < 3; y++) for (int z = 0; z < 2; z++) {
				assertEquals(100 * x + 10 * y + z, t.getFloat(0, 0, x, y, z), 0f);
			}
			// C order: x slowest, z fastest
			float[] flat = t.toFloatArray();
			assertEquals(1f, flat[1], 0f); // (0, 0, 1)
			assertEquals(10f, flat[2], 0f); // (0, 1, 0)
			assertEquals(100f, flat[6], 0f); // (1, 0, 0)
			assertSameValues(img, Tensors.toImage(t), 0);
		}
	}

	@Test
	void batchesOfCropsGoBothWays() {
		ArrayImg<FloatType, ?> img = ImgAssert.ramp(6, 5, 4);
		List<net.imglib2.RandomAccessibleInterval<FloatType>> crops = List.of(
				Views.interval(img, new long[] {0, 0, 0}, new long[] {2, 1, 2}),
				Views.interval(img, new long[] {3, 3, 1}, new long[] {5, 4, 3}));
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray t = Tensors.toTensor(m, crops);
			assertEquals(new Shape(2, 1, 3, 2, 3), t.getShape());
			assertEquals(100 * 3 + 10 * 3 + 1, t.getFloat(1, 0, 0, 0, 0), 0f);
			assertEquals(100 * 5 + 10 * 4 + 3, t.getFloat(1, 0, 2, 1, 2), 0f);
			List<ArrayImg<FloatType, ?>> back = Tensors.toImages(t, 0);
			assertEquals(2, back.size());
			assertSameValues(Views.zeroMin(crops.get(1)), back.get(1), 0);
			NDArray two = t.concat(t.mul(-1), 1); // (2, 2, 3, 2, 3)
			assertEquals(-(100 * 5 + 10 * 4 + 3), at(Tensors.toImage(two, 1, 1), 2, 1, 2));
			assertThrows(IllegalArgumentException.class, () -> Tensors.toTensor(m, List.of(img, ImgAssert.ramp(2, 2, 2))));
		}
	}

	@Test
	void twoDimensionalImagesHaveDepthOne() {
		ArrayImg<FloatType, ?> img2d = ArrayImgs.floats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray t = Tensors.toTensor(m, img2d);
			assertEquals(new Shape(1, 1, 3, 2, 1), t.getShape());
			assertEquals(4f, t.getFloat(0, 0, 0, 1, 0), 0f); // x = 0, y = 1
			assertEquals(3f, t.getFloat(0, 0, 2, 0, 0), 0f);
		}
	}

	@Test
	void otherTensorTypesAreConverted() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray t = m.arange(0, 6, 1, ai.djl.ndarray.types.DataType.INT32).reshape(3, 2, 1);
			assertEquals(5, at(Tensors.toImage(t), 2, 1, 0));
		}
	}
}
