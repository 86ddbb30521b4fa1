package io.github.punetfiji.data;

import static io.github.punetfiji.data.ImgAssert.assertSameValues;
import static io.github.punetfiji.data.ImgAssert.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

class ResamplingTest {
	private static final NiftiGeometry G = new NiftiGeometry(3, 1, 2, new float[3], new float[] {1, 2, 3},
			new float[][] {{1, 0, 0, 1}, {0, 1, 0, 2}, {0, 0, 1, 3}}, 2, 1);

	private static Volume<?> rampVolume(long nx, long ny, long nz, double s) {
		return new Volume<>(ImgAssert.ramp(nx, ny, nz), new double[] {s, s, s}, "r", "r.nii", G);
	}

	private static Volume<UnsignedByteType> labels(long nx, long ny, long nz) {
		ArrayImg<UnsignedByteType, ?> img = ArrayImgs.unsignedBytes(nx, ny, nz);
		Random r = new Random(3);
		int[] classes = {0, 3, 7};
		for (UnsignedByteType v : img) v.set(classes[r.nextInt(3)]);
		return new Volume<>(img, new double[] {1, 1, 1}, "l", "l.nii", G);
	}

	private static Set<Double> values(Volume<?> v) {
		Set<Double> s = new TreeSet<>();
		for (RealType<?> t : Views.flatIterable(v.image())) s.add(t.getRealDouble());
		return s;
	}

	@Test
	void targetDimsRound() {
		assertArrayEquals(new long[] {2, 10, 1},
				Resampling.targetDims(new long[] {5, 10, 1}, new double[] {0.7, 1, 1}, new double[] {1.5, 1, 5}));
	}

	@Test
	void identityKeepsValues() {
		Volume<?> v = rampVolume(5, 4, 3, 1);
		assertSameValues(v.image(), Resampling.toSpacing(v, new double[] {1, 1, 1}, false).image(), 0);
		assertSameValues(v.image(), Resampling.toSpacing(v, new double[] {1, 1, 1}, true).image(), 0);
	}

	@Test
	void downsamplingByTwoSamplesEveryOtherVoxel() {
		Volume<?> v = rampVolume(8, 6, 4, 1);
		Volume<?> d = Resampling.toSpacing(v, new double[] {2, 2, 2}, false);
		assertArrayEquals(new long[] {4, 3, 2}, d.dims());
		assertArrayEquals(new double[] {2, 2, 2}, d.spacing());
		assertEquals(VoxelType.FLOAT32, d.type());
		assertEquals(100 * 6 + 10 * 4 + 2, at(d.image(), 3, 2, 1), 1e-4);
		assertArrayEquals(new float[] {2, 0, 0, 1}, d.geometry().srow(0)); // same space, larger voxels
	}

	@Test
	void upsamplingByTwoInterpolatesLinearlyAndClampsAtTheEdge() {
		Volume<?> v = rampVolume(4, 3, 2, 2);
		Volume<?> u = Resampling.toSpacing(v, new double[] {1, 1, 1}, false);
		assertArrayEquals(new long[] {8, 6, 4}, u.dims());
		assertEquals(150 + 5 + 0.5, at(u.image(), 3, 1, 1), 1e-4); // input position (1.5, 0.5, 0.5)
		assertEquals(300 + 20 + 1, at(u.image(), 7, 5, 3), 1e-4); // past the last voxel: edge value
	}

	@Test
	void labelsKeepTheirTypeAndValueSet() {
		Volume<UnsignedByteType> l = labels(9, 7, 5);
		for (double s : new double[] {0.5, 1.7, 3}) {
			Volume<?> r = Resampling.toSpacing(l, new double[] {s, s, s}, true);
			assertEquals(VoxelType.UINT8, r.type());
			assertTrue(Set.of(0.0, 3.0, 7.0).containsAll(values(r)), values(r).toString());
		}
	}

	@Test
	void backToTheOriginalGrid() {
		Volume<UnsignedByteType> l = labels(9, 7, 5);
		Volume<?> down = Resampling.toSpacing(l, new double[] {2, 2, 2}, true);
		assertArrayEquals(new long[] {5, 4, 3}, down.dims()); // round(4.5) = 5, round(3.5) = 4, round(2.5) = 3
		Volume<?> back = Resampling.toGridOf(down, l, true);
		assertArrayEquals(l.dims(), back.dims());
		assertArrayEquals(l.spacing(), back.spacing());
		assertEquals(l.geometry(), back.geometry());
		for (int x = 0; x < 9; x += 2) for (int y = 0; y < 7; y += 2) for (int z = 0; z < 5; z += 2) {
			assertEquals(at(l.image(), x, y, z), at(back.image(), x, y, z));
		}
		Volume<?> up = Resampling.toSpacing(l, new double[] {0.5, 0.5, 0.5}, true);
		assertSameValues(l.image(), Resampling.toGridOf(up, l, true).image(), 0);
	}

	@Test
	void twoDimensionalStaysTwoDimensional() {
		Volume<?> v = new Volume<>(ImgAssert.ramp(6, 4, 1), new double[] {0.5, 0.5, 1}, "s");
		Volume<?> r = Resampling.toSpacing(v, new double[] {1, 1, 3}, false);
		assertArrayEquals(new long[] {3, 2, 1}, r.dims());
		assertArrayEquals(new double[] {1, 1, 1}, r.spacing());
		assertArrayEquals(new long[] {6, 4, 1}, Resampling.toGridOf(r, v, false).dims());
		org.junit.jupiter.api.Assertions.assertThrows(io.github.punetfiji.PunetException.class,
				() -> Resampling.toSpacing(v, new double[] {0, 1, 1}, false));
	}
}
