package io.github.punetfiji.data;

import static io.github.punetfiji.data.ImgAssert.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads NIfTI-1 files built by hand from the specification ({@link NiftiBytes}). */
class NiftiReadTest {
	@TempDir
	Path dir;

	/** float32 ramp 100x + 10y + z over dims (4, 3, 2), x fastest as the format stores it. */
	private static byte[] floatRamp(NiftiBytes n) {
		ByteBuffer b = n.data(4 * 3 * 2 * 4);
		for (int z = 0; z < 2; z++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) b.putFloat(100 * x + 10 * y + z);
		return b.array();
	}

	private Path write(String name, byte[] bytes) throws IOException {
		Path p = dir.resolve(name);
		Files.write(p, bytes);
		return p;
	}

	@Test
	void littleEndianFloatWithPixdim() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(4, 3, 2);
		n.pixdim = new float[] {1, 0.7f, 0.8f, 2.5f, 0, 0, 0, 0};
		Volume<?> v = Nifti.read(write("case01.nii", n.file(floatRamp(n))));
		assertArrayEquals(new long[] {4, 3, 2}, v.dims());
		assertArrayEquals(new double[] {0.7, 0.8, 2.5}, v.spacing());
		assertEquals(VoxelType.FLOAT32, v.type());
		assertEquals("case01", v.name());
		assertEquals(321, at(v.image(), 3, 2, 1));
		assertEquals(10, at(v.image(), 0, 1, 0));
		assertEquals(1, at(v.image(), 0, 0, 1));
	}

	@Test
	void bigEndianInt16WithSlopeGivesFloat() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(3, 2, 2);
		n.order = ByteOrder.BIG_ENDIAN;
		n.datatype = 4;
		n.bitpix = 16;
		n.slope = 2;
		n.inter = -1024;
		n.pixdim = new float[] {1, 0.5f, 0.5f, 3, 0, 0, 0, 0};
		ByteBuffer b = n.data(12 * 2);
		for (int i = 0; i < 12; i++) b.putShort((short) (i * 100 - 300));
		Volume<?> v = Nifti.read(write("ct.nii", n.file(b.array())));
		assertEquals(VoxelType.FLOAT32, v.type());
		assertArrayEquals(new double[] {0.5, 0.5, 3}, v.spacing());
		// voxel (x=2, y=1, z=1) is flat index 2 + 3 * (1 + 2 * 1) = 11
		assertEquals((11 * 100 - 300) * 2 - 1024, at(v.image(), 2, 1, 1));
		assertEquals(-300 * 2 - 1024, at(v.image(), 0, 0, 0));
	}

	@Test
	void bigEndianUint16WithIdentityScalingKeepsType() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(2, 2, 1);
		n.order = ByteOrder.BIG_ENDIAN;
		n.datatype = 512;
		n.bitpix = 16;
		n.slope = 1;
		ByteBuffer b = n.data(8);
		b.putShort((short) 0).putShort((short) 1).putShort((short) 40000).putShort((short) 65535);
		Volume<?> v = Nifti.read(write("u16.nii", n.file(b.array())));
		assertEquals(VoxelType.UINT16, v.type());
		assertEquals(40000, at(v.image(), 0, 1, 0));
		assertEquals(65535, at(v.image(), 1, 1, 0));
	}

	@Test
	void gzipWithExtensionBytesBeforeVoxOffset() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(4, 3, 2);
		n.voxOffset = 416;
		Volume<?> v = Nifti.read(write("img.nii.gz", NiftiBytes.gzip(n.file(floatRamp(n)))));
		assertEquals("img", v.name());
		assertEquals(321, at(v.image(), 3, 2, 1));
	}

	@Test
	void twoDimensionalHasZOfOneAndZSpacingOne() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(3, 2);
		n.datatype = 2;
		n.bitpix = 8;
		n.pixdim = new float[] {1, 0.25f, 0.5f, 7, 0, 0, 0, 0};
		Volume<?> v = Nifti.read(write("slice.nii", n.file(new byte[] {1, 2, 3, 4, 5, (byte) 200})));
		assertArrayEquals(new long[] {3, 2, 1}, v.dims());
		assertArrayEquals(new double[] {0.25, 0.5, 1}, v.spacing());
		assertEquals(VoxelType.UINT8, v.type());
		assertEquals(200, at(v.image(), 2, 1, 0));
		assertEquals(2, v.geometry().ndim());
	}

	@Test
	void trailingDimensionsOfOneAreAccepted() throws IOException {
		for (int[] d : new int[][] {{4, 3, 2, 1}, {4, 3, 2, 1, 1}}) {
			NiftiBytes n = new NiftiBytes().dims(d);
			Volume<?> v = Nifti.read(write("t" + d.length + ".nii", n.file(floatRamp(n))));
			assertArrayEquals(new long[] {4, 3, 2}, v.dims());
		}
	}

	@Test
	void unitsAreConvertedToMillimetres() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(4, 3, 2);
		n.units = 1; // metre
		n.pixdim = new float[] {1, 0.001f, 0.002f, 0.003f, 0, 0, 0, 0};
		Volume<?> v = Nifti.read(write("m.nii", n.file(floatRamp(n))));
		assertArrayEquals(new double[] {1, 2, 3}, v.spacing(), 1e-9);
		n.units = 3; // micron
		n.pixdim = new float[] {1, 500, 500, 2000, 0, 0, 0, 0};
		v = Nifti.read(write("um.nii", n.file(floatRamp(n))));
		assertArrayEquals(new double[] {0.5, 0.5, 2}, v.spacing(), 1e-9);
	}

	@Test
	void orientationIsKeptVerbatim() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(4, 3, 2);
		n.qform = 1;
		n.sform = 2;
		n.pixdim[0] = -1;
		n.quatern = new float[] {0, 0, 1, -10.5f, 20.25f, 30};
		n.srow = new float[] {-0.7f, 0, 0, 10, 0, 0.8f, 0, -20, 0, 0, 2.5f, 5};
		NiftiGeometry g = Nifti.read(write("o.nii", n.file(floatRamp(n)))).geometry();
		assertEquals(1, g.qformCode());
		assertEquals(2, g.sformCode());
		assertEquals(-1f, g.qfac());
		assertArrayEquals(new float[] {0, 0, 1}, g.quatern());
		assertArrayEquals(new float[] {-10.5f, 20.25f, 30}, g.qoffset());
		assertArrayEquals(new float[] {0, 0.8f, 0, -20}, g.srow(1));
		assertEquals(2, g.xyztUnits());
	}

	@Test
	void int64LabelsBecomeInt32WhenTheyFit() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(2, 1, 1);
		n.datatype = 1024;
		n.bitpix = 64;
		ByteBuffer b = n.data(16);
		b.putLong(0).putLong(13);
		Volume<?> v = Nifti.read(write("lab.nii", n.file(b.array())));
		assertEquals(VoxelType.INT32, v.type());
		assertEquals(13, at(v.image(), 1, 0, 0));
		b.putLong(8, 1L << 40);
		PunetException e = assertThrows(PunetException.class, () -> Nifti.read(write("big.nii", n.file(b.array()))));
		assertTrue(e.getMessage().contains("int64") && e.getMessage().contains("big.nii"), e.getMessage());
	}

	@Test
	void analyzePairIsRead() throws IOException {
		NiftiBytes n = new NiftiBytes().dims(4, 3, 2);
		n.magic = "ni1";
		n.voxOffset = 0;
		write("pair.hdr", n.header());
		write("pair.img", floatRamp(n));
		Volume<?> v = Nifti.read(dir.resolve("pair.hdr"));
		assertEquals("pair", v.name());
		assertEquals(321, at(v.image(), 3, 2, 1));
		assertTrue(Arrays.equals(new long[] {4, 3, 2}, Volumes.open(dir.resolve("pair.hdr")).dims()));
	}
}
