package io.github.punetfiji.data;

import static io.github.punetfiji.data.ImgAssert.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer + reader round trips, and the writer's bytes checked against the specification. */
class NiftiWriteTest {
	@TempDir
	Path dir;

	private static final double[][] EXTREMES = {{0, 255}, {-128, 127}, {-32768, 32767}, {0, 65535}, {Integer.MIN_VALUE, Integer.MAX_VALUE},
			{-3.5e38, 1.25}, {-1e300, 1e-300}};

	@SuppressWarnings({"rawtypes", "unchecked"})
	private static ArrayImg sample(VoxelType t) {
		ArrayImg img = t.create(5, 4, 3);
		int i = 0;
		for (Object v : img) ((RealType) v).setReal(i++ % 50);
		double[] ext = EXTREMES[t.ordinal()];
		net.imglib2.RandomAccess<RealType> ra = img.randomAccess();
		ra.setPosition(new long[] {4, 3, 2});
		ra.get().setReal(ext[1]);
		ra.setPosition(new long[] {1, 2, 0});
		ra.get().setReal(ext[0]);
		return img;
	}

	private static NiftiGeometry geometry() {
		return new NiftiGeometry(3, 1, 4, new float[] {0.1f, 0.2f, 0.3f}, new float[] {-90, 126, -72},
				new float[][] {{-0.7f, 0, 0, 90}, {0, 0.8f, 0.01f, -126}, {0, 0, 2.5f, -72}}, 10, -1f);
	}

	@Test
	void everyTypeRoundTripsInBothContainers() {
		for (VoxelType t : VoxelType.values()) {
			for (String ext : new String[] {".nii", ".nii.gz"}) {
				Volume<?> v = ImgAssert.volume(sample(t), new double[] {0.7, 0.8, 2.5}, "v", geometry());
				Path p = dir.resolve(t.label + ext);
				Nifti.write(v, p);
				Volume<?> back = Nifti.read(p);
				assertEquals(t, back.type(), p.toString());
				assertSameValues(v.image(), back.image(), 0);
				assertArrayEquals(v.spacing(), back.spacing(), p.toString());
				assertEquals(geometry(), back.geometry(), p.toString());
			}
		}
	}

	@Test
	void writerFollowsTheSpecification() throws IOException {
		Volume<?> v = ImgAssert.volume(sample(VoxelType.INT16), new double[] {0.5, 0.5, 3}, "v", geometry());
		Path p = dir.resolve("spec.nii");
		Nifti.write(v, p);
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(352 + 5 * 4 * 3 * 2, b.capacity());
		assertEquals(348, b.getInt(0));
		assertEquals(3, b.getShort(40));
		assertEquals(5, b.getShort(42));
		assertEquals(4, b.getShort(44));
		assertEquals(3, b.getShort(46));
		assertEquals(4, b.getShort(70)); // int16
		assertEquals(16, b.getShort(72));
		assertEquals(-1f, b.getFloat(76));
		assertEquals(0.5f, b.getFloat(84));
		assertEquals(3f, b.getFloat(88));
		assertEquals(352f, b.getFloat(108));
		assertEquals(1, b.getShort(252));
		assertEquals(4, b.getShort(254));
		assertEquals(-126f, b.getFloat(280 + 16 + 12));
		assertEquals('n', b.get(344));
		assertEquals('+', b.get(345));
		assertEquals('1', b.get(346));
		assertEquals(0, b.get(347));
		assertEquals(32767, b.getShort(352 + 2 * (4 + 5 * (3 + 4 * 2)))); // voxel (4, 3, 2)
	}

	@Test
	void twoDimensionalImagesStayTwoDimensional() throws IOException {
		NiftiGeometry g = NiftiGeometry.UNKNOWN.withNdim(2);
		Volume<?> v = new Volume<>(ImgAssert.ramp(6, 5, 1), new double[] {0.3, 0.4, 1}, "s", "s", g);
		Path p = dir.resolve("s.nii.gz");
		Nifti.write(v, p);
		Volume<?> back = Nifti.read(p);
		assertEquals(2, back.geometry().ndim());
		assertArrayEquals(new long[] {6, 5, 1}, back.dims());
		assertArrayEquals(new double[] {0.3, 0.4, 1}, back.spacing());
		assertSameValues(v.image(), back.image(), 0);
	}

	@Test
	void writesAtomicallyAndRefusesOtherNames() throws IOException {
		Volume<?> v = new Volume<>(ImgAssert.ramp(3, 3, 3), new double[] {1, 1, 1}, "a");
		Nifti.write(v, dir.resolve("sub/a.nii.gz"));
		try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
			assertEquals(1, s.count(), "no temporary file is left behind");
		}
		assertThrows(PunetException.class, () -> Nifti.write(v, dir.resolve("a.png")));
	}

	@Test
	void copiedGeometryWritesAPredictionInItsInputsSpace() {
		Volume<?> input = ImgAssert.volume(sample(VoxelType.FLOAT32), new double[] {0.7, 0.8, 2.5}, "ct", geometry());
		Volume<?> labels = input.withImage(net.imglib2.img.array.ArrayImgs.unsignedBytes(5, 4, 3), "ct_labels");
		Path p = dir.resolve("ct_labels.nii.gz");
		Nifti.write(labels, p);
		Volume<?> back = Nifti.read(p);
		assertEquals(VoxelType.UINT8, back.type());
		assertEquals(input.geometry(), back.geometry());
		assertArrayEquals(input.spacing(), back.spacing());
		assertThrows(IllegalArgumentException.class, () -> input.withImage(ImgAssert.ramp(2, 2, 2)));
	}
}
