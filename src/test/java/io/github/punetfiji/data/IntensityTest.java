package io.github.punetfiji.data;

import static io.github.punetfiji.data.ImgAssert.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

class IntensityTest {
	@Test
	void ctWindowMapsToMinusOneOneAndClamps() {
		ArrayImg<ShortType, ?> hu = ArrayImgs.shorts(new short[] {-3000, -1000, -500, 0, 250, 1000, 3000}, 7, 1, 1);
		ArrayImg<FloatType, ?> out = Intensity.CT.apply(hu);
		float[] expected = {-1, -1, -0.5f, 0, 0.25f, 1, 1};
		for (int x = 0; x < 7; x++) assertEquals(expected[x], at(out, x, 0, 0), 1e-7);
		assertEquals(-3000, at(hu, 0, 0, 0), "input unchanged");
	}

	@Test
	void percentilesFollowNumpyLinearInterpolation() {
		float[] v = new float[201];
		for (int i = 0; i < v.length; i++) v[i] = (i * 37) % 201; // 0..200 shuffled
		ArrayImg<FloatType, ?> img = ArrayImgs.floats(v, 201, 1, 1);
		// np.percentile(np.arange(201), [0.5, 99.5]) == [1.0, 199.0]
		assertArrayEquals(new double[] {1, 199, 100, 0, 200}, Intensity.percentiles(img, 0.5, 99.5, 50, 0, 100), 1e-9);
		ArrayImg<FloatType, ?> even = ArrayImgs.floats(new float[] {4, 1, 3, 2}, 4, 1, 1);
		assertArrayEquals(new double[] {1.015, 3.985}, Intensity.percentiles(even, 0.5, 99.5), 1e-6);
		ArrayImg<FloatType, ?> out = Intensity.PERCENTILE.apply(img);
		for (int x = 0; x < 201; x++) {
			double expected = Math.max(-1, Math.min(1, (v[x] - 1) / 198.0 * 2 - 1));
			assertEquals(expected, at(out, x, 0, 0), 1e-6);
		}
		assertEquals(37, at(img, 1, 0, 0), "input unchanged");
	}

	@Test
	void constantImagesDoNotDivideByZero() {
		ArrayImg<FloatType, ?> out = Intensity.PERCENTILE.apply(ArrayImgs.floats(new float[] {5, 5, 5}, 3, 1, 1));
		assertEquals(0, at(out, 1, 0, 0), 0);
	}

	@Test
	void noneCopiesAsFloat() {
		ArrayImg<ShortType, ?> img = ArrayImgs.shorts(new short[] {-7, 9}, 2, 1, 1);
		ArrayImg<FloatType, ?> out = Intensity.NONE.apply(img);
		assertEquals(-7, at(out, 0, 0, 0), 0);
		assertEquals(9, at(out, 1, 0, 0), 0);
	}

	@Test
	void nanAndInfinityAreRefusedNamingTheFile() {
		Volume<FloatType> v = new Volume<>(ArrayImgs.floats(new float[] {1, Float.NaN, 2}, 3, 1, 1), new double[] {1, 1, 1}, "x",
				"scans/x.nii.gz", NiftiGeometry.UNKNOWN);
		String m = assertThrows(PunetException.class, () -> Intensity.CT.apply(v)).getMessage();
		assertTrue(m.contains("scans/x.nii.gz") && m.contains("contains NaN values"), m);
		m = assertThrows(PunetException.class,
				() -> Intensity.checkFinite(ArrayImgs.floats(new float[] {Float.POSITIVE_INFINITY}, 1, 1, 1), "y.tif")).getMessage();
		assertTrue(m.contains("y.tif") && m.contains("infinite"), m);
	}

	@Test
	void parseAcceptsCliNamesOnly() {
		assertEquals(Intensity.CT, Intensity.parse("ct"));
		assertEquals(Intensity.PERCENTILE, Intensity.parse("percentile"));
		assertEquals("none", Intensity.parse("none").label());
		assertTrue(assertThrows(PunetException.class, () -> Intensity.parse("zscore")).getMessage().contains("zscore"));
	}

	@Test
	void rangeIgnoresNonFiniteValues() {
		assertArrayEquals(new double[] {-2, 3},
				Intensity.range(ArrayImgs.floats(new float[] {Float.NaN, 3, -2, Float.NEGATIVE_INFINITY}, 4, 1, 1)));
		assertTrue(Double.isNaN(Intensity.range(ArrayImgs.floats(new float[] {Float.NaN}, 1, 1, 1))[0]));
	}
}
