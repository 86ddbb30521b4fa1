package io.github.punetfiji.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** Test helpers for images. */
final class ImgAssert {
	private ImgAssert() {}

	/** Value at (x, y, z). */
	static double at(RandomAccessibleInterval<? extends RealType<?>> img, long x, long y, long z) {
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(new long[] {x, y, z});
		return ra.get().getRealDouble();
	}

	/** A float image with value f(x, y, z) = 100x + 10y + z. */
	static ArrayImg<FloatType, ?> ramp(long nx, long ny, long nz) {
		ArrayImg<FloatType, ?> img = ArrayImgs.floats(nx, ny, nz);
		net.imglib2.Cursor<FloatType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().set(100 * c.getLongPosition(0) + 10 * c.getLongPosition(1) + c.getLongPosition(2));
		}
		return img;
	}

	/** A volume of any image (raw types: for images whose voxel type is only known at run time). */
	@SuppressWarnings({"rawtypes", "unchecked"})
	static Volume<?> volume(RandomAccessibleInterval img, double[] spacing, String name, NiftiGeometry g) {
		return new Volume(img, spacing, name, name, g);
	}

	static void assertSameValues(RandomAccessibleInterval<? extends RealType<?>> expected,
			RandomAccessibleInterval<? extends RealType<?>> actual, double tol) {
		assertArrayEquals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray(), "dims");
		net.imglib2.Cursor<? extends RealType<?>> e = net.imglib2.view.Views.flatIterable(expected).cursor();
		net.imglib2.Cursor<? extends RealType<?>> a = net.imglib2.view.Views.flatIterable(actual).cursor();
		while (e.hasNext()) assertEquals(e.next().getRealDouble(), a.next().getRealDouble(), tol);
	}
}
