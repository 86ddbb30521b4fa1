package io.github.punetfiji.data;

import static io.github.punetfiji.data.ImgAssert.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DICOM files and series folders, written by hand ({@link DicomFiles}) and read through ImageJ 1. */
class DicomsTest {
	@TempDir
	Path dir;

	private static final int COLS = 5;
	private static final int ROWS = 4;

	/** Stored value of voxel (x, y) in the slice with instance number {@code k}: 100k + 10y + x. */
	private static short[] raw(int k) {
		short[] r = new short[COLS * ROWS];
		for (int y = 0; y < ROWS; y++) for (int x = 0; x < COLS; x++) r[x + COLS * y] = (short) (100 * k + 10 * y + x);
		return r;
	}

	private Path series(String name, int... order) throws IOException {
		Path d = Files.createDirectories(dir.resolve(name));
		// file names deliberately not in slice order; slices 3 mm apart
		for (int i = 0; i < order.length; i++) {
			int k = order[i];
			Files.write(d.resolve("img" + (char) ('a' + i) + ".dcm"),
					DicomFiles.slice(COLS, ROWS, raw(k), k + 1, -50 + 3.0 * k, "0.8\\0.7", -1024, "1.2.3.4"));
		}
		return d;
	}

	@Test
	void singleFileGivesHounsfieldUnitsAndPixelSpacing() throws IOException {
		Path f = dir.resolve("one.dcm");
		Files.write(f, DicomFiles.slice(COLS, ROWS, raw(2), 3, 0, "0.8\\0.7", -1024, "1.2.3.4"));
		Volume<?> v = Volumes.open(f);
		assertArrayEquals(new long[] {COLS, ROWS, 1}, v.dims());
		assertEquals(VoxelType.INT16, v.type());
		assertEquals(200 + 10 * 3 + 4 - 1024, at(v.image(), 4, 3, 0));
		assertArrayEquals(new double[] {0.7, 0.8, 1}, v.spacing(), 1e-9); // DICOM pixel spacing is row (y), column (x)
		assertEquals("one", v.name());
	}

	@Test
	void folderGivesASortedVolumeWithSliceSpacing() throws IOException {
		Path d = series("patient7", 2, 0, 3, 1);
		Volume<?> v = Volumes.open(d);
		assertArrayEquals(new long[] {COLS, ROWS, 4}, v.dims());
		assertArrayEquals(new double[] {0.7, 0.8, 3}, v.spacing(), 1e-9);
		assertEquals("patient7", v.name());
		for (int z = 0; z < 4; z++) assertEquals(100 * z + 10 + 2 - 1024, at(v.image(), 2, 1, z), "slice " + z);
	}

	@Test
	void foldersWithoutDicomAreRefused() throws IOException {
		Path d = Files.createDirectories(dir.resolve("empty"));
		Files.write(d.resolve("notes.txt"), "hello".getBytes());
		PunetException e = assertThrows(PunetException.class, () -> Volumes.open(d));
		assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("no DICOM"), e.getMessage());
		Path bad = dir.resolve("bad.dcm");
		Files.write(bad, new byte[300]);
		e = assertThrows(PunetException.class, () -> Volumes.open(bad));
		assertTrue(e.getMessage().contains("bad.dcm") && e.getMessage().contains("not a DICOM"), e.getMessage());
	}

	@Test
	void truncatedFileIsRefusedWithoutPrintingToStandardOutput() throws IOException {
		byte[] full = DicomFiles.slice(COLS, ROWS, raw(0), 1, 0, "0.8\\0.7", -1024, "1.2.3.4");
		Path cut = dir.resolve("cut.dcm");
		Files.write(cut, java.util.Arrays.copyOf(full, full.length - 30));
		java.io.PrintStream out = System.out;
		java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
		System.setOut(new java.io.PrintStream(printed));
		try {
			PunetException e = assertThrows(PunetException.class, () -> Volumes.open(cut));
			assertTrue(e.getMessage().contains("cut.dcm"), e.getMessage());
		} finally {
			System.setOut(out);
		}
		assertEquals("", printed.toString());
	}

	/** Writes a spec to {@code name} (and, with -Dpunet.dicom.dump=DIR, a copy there for comparing with pydicom). */
	private Path file(String name, DicomFiles.Spec spec) throws IOException {
		byte[] b = spec.bytes();
		String dump = System.getProperty("punet.dicom.dump");
		if (dump != null) Files.write(Files.createDirectories(Path.of(dump)).resolve(name), b);
		return Files.write(dir.resolve(name), b);
	}

	private static double[] values(Volume<?> v) {
		java.util.List<Double> l = new java.util.ArrayList<>();
		for (net.imglib2.type.numeric.RealType<?> t : net.imglib2.view.Views.flatIterable(v.image())) l.add(t.getRealDouble());
		return l.stream().mapToDouble(Double::doubleValue).toArray();
	}

	@Test
	void aRescaleSlopeIsAppliedWithoutADisplayInEveryByteOrder() throws IOException {
		long[] stored = new long[COLS * ROWS];
		for (int i = 0; i < stored.length; i++) stored[i] = i * 97 - 900;
		for (String ts : new String[] {DicomFiles.IMPLICIT_LE, DicomFiles.EXPLICIT_LE, DicomFiles.EXPLICIT_BE}) {
			DicomFiles.Spec s = new DicomFiles.Spec().values(stored);
			s.transferSyntax = ts;
			s.slope = "0.5";
			s.intercept = "-1024.25";
			Volume<?> v = Volumes.open(file("slope_" + ts + ".dcm", s));
			assertEquals(VoxelType.FLOAT32, v.type(), ts);
			double[] got = values(v);
			for (int i = 0; i < stored.length; i++) assertEquals(stored[i] * 0.5 - 1024.25, got[i], 0, ts + " voxel " + i);
			assertArrayEquals(new double[] {0.7, 0.8, 1}, v.spacing(), 1e-9);
		}
	}

	@Test
	void unsignedEightAndThirtyTwoBitAndIntegerRescalesKeepExactTypes() throws IOException {
		DicomFiles.Spec u16 = new DicomFiles.Spec().values(0, 1, 60000, 65535, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
		u16.pixelRepresentation = 0;
		Volume<?> v = Volumes.open(file("u16.dcm", u16));
		assertEquals(VoxelType.UINT16, v.type());
		assertEquals(65535, values(v)[3]);
		u16.slope = "1";
		u16.intercept = "-1024";
		v = Volumes.open(file("u16_hu.dcm", u16));
		assertEquals(VoxelType.INT32, v.type(), "65535 - 1024 does not fit int16");
		assertEquals(60000 - 1024, values(v)[2]);

		DicomFiles.Spec u8 = new DicomFiles.Spec().values(0, 255, 128, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
		u8.bitsAllocated = u8.bitsStored = 8;
		u8.pixelRepresentation = 0;
		v = Volumes.open(file("u8.dcm", u8));
		assertEquals(VoxelType.UINT8, v.type());
		assertEquals(255, values(v)[1]);
		u8.slope = "2.5";
		u8.intercept = "-10";
		assertEquals(255 * 2.5 - 10, values(Volumes.open(file("u8_slope.dcm", u8)))[1], 0);

		DicomFiles.Spec i32 = new DicomFiles.Spec().values(-70000, 70000, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
		i32.bitsAllocated = i32.bitsStored = 32;
		i32.slope = "0.25";
		v = Volumes.open(file("i32.dcm", i32));
		assertEquals(VoxelType.FLOAT32, v.type());
		assertEquals(-17500, values(v)[0], 0);
		assertEquals(17500, values(v)[1], 0);
	}

	@Test
	void multiFrameFilesAreVolumes() throws IOException {
		DicomFiles.Spec s = new DicomFiles.Spec();
		s.frames = 3;
		s.slope = "2";
		Volume<?> v = Volumes.open(file("multi.dcm", s));
		assertArrayEquals(new long[] {COLS, ROWS, 3}, v.dims());
		assertEquals(2.0 * (2 * COLS * ROWS + 1), at(v.image(), 1, 0, 2), 0);
		assertEquals(2.5, v.spacing()[2], 1e-9, "slice thickness for multi-frame");
	}

	@Test
	void aSeriesWithPerSliceRescalesIsCalibratedSliceBySlice() throws IOException {
		Path d = Files.createDirectories(dir.resolve("rescaled"));
		for (int k = 0; k < 3; k++) {
			DicomFiles.Spec s = new DicomFiles.Spec().values(raw(k)[0], raw(k)[1], raw(k)[2], 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
					16, 17, 18, 19);
			s.instance = k + 1;
			s.position = "-10\\20\\" + (4.0 * (2 - k)); // NB: positions in reverse file order, 4 mm apart
			s.slope = Double.toString(1 + k);
			s.intercept = "-1000";
			Files.write(d.resolve("s" + k + ".dcm"), s.bytes());
		}
		Volume<?> v = Volumes.open(d);
		assertArrayEquals(new double[] {0.7, 0.8, 4}, v.spacing(), 1e-9);
		for (int z = 0; z < 3; z++) {
			int k = 2 - z;
			assertEquals(raw(k)[1] * (1.0 + k) - 1000, at(v.image(), 1, 0, z), 0, "slice " + z);
		}
	}

	/** An 8-bit, 3-sample colour image of the given photometric interpretation. */
	private static DicomFiles.Spec colour(String photometric) {
		DicomFiles.Spec c = new DicomFiles.Spec();
		c.samplesPerPixel = 3;
		c.photometric = photometric;
		c.bitsAllocated = c.bitsStored = 8;
		c.pixelRepresentation = 0;
		return c;
	}

	@Test
	void whatImageJWouldMisreadIsRefusedWithAMessage() throws IOException {
		java.util.Map<String, DicomFiles.Spec> cases = new java.util.LinkedHashMap<>();
		DicomFiles.Spec oneBit = new DicomFiles.Spec();
		oneBit.bitsAllocated = oneBit.bitsStored = 1;
		oneBit.pixelRepresentation = 0;
		cases.put("1-bit", oneBit);
		DicomFiles.Spec jpeg = new DicomFiles.Spec();
		jpeg.transferSyntax = "1.2.840.10008.1.2.4.70";
		jpeg.encapsulated = true;
		jpeg.pixels = new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
		cases.put("compressed pixel data (transfer syntax 1.2.840.10008.1.2.4.70, JPEG)", jpeg);
		DicomFiles.Spec j2k = new DicomFiles.Spec();
		j2k.transferSyntax = "1.2.840.10008.1.2.4.90";
		j2k.encapsulated = true;
		j2k.pixels = new byte[8];
		cases.put("JPEG 2000", j2k);
		DicomFiles.Spec rle = new DicomFiles.Spec();
		rle.transferSyntax = "1.2.840.10008.1.2.5";
		rle.encapsulated = true;
		rle.pixels = new byte[8];
		cases.put("RLE", rle);
		DicomFiles.Spec deflated = new DicomFiles.Spec();
		deflated.transferSyntax = "1.2.840.10008.1.2.1.99";
		cases.put("deflated", deflated);
		cases.put("colour image (RGB, 3 samples", colour("RGB"));
		cases.put("colour image (YBR_FULL_422", colour("YBR_FULL_422"));
		DicomFiles.Spec palette = new DicomFiles.Spec();
		palette.photometric = "PALETTE COLOR";
		cases.put("colour image (PALETTE COLOR", palette);
		DicomFiles.Spec shortPixels = new DicomFiles.Spec();
		shortPixels.pixels = new byte[COLS * ROWS * 2 - 10];
		cases.put("truncated: its pixel data need 40 bytes (5×4×1, 16 bits), the file holds 30", shortPixels);
		DicomFiles.Spec frames = new DicomFiles.Spec();
		frames.frames = 50_000;
		frames.pixels = new byte[COLS * ROWS * 2];
		cases.put("truncated: its pixel data need 2000000 bytes", frames);
		for (java.util.Map.Entry<String, DicomFiles.Spec> c : cases.entrySet()) {
			Path f = file("refused.dcm", c.getValue());
			PunetException e = assertThrows(PunetException.class, () -> Volumes.open(f), c.getKey());
			assertTrue(e.getMessage().contains("refused.dcm") && e.getMessage().contains(c.getKey()), c.getKey() + ": " + e.getMessage());
		}
		byte[] full = new DicomFiles.Spec().bytes();
		for (int cut : new int[] {140, 200, 300, full.length - 41}) {
			Path f = dir.resolve("cut" + cut + ".dcm");
			Files.write(f, java.util.Arrays.copyOf(full, cut));
			PunetException e = assertThrows(PunetException.class, () -> Volumes.open(f), "cut at " + cut);
			assertTrue(e.getMessage().contains("truncated"), cut + ": " + e.getMessage());
		}
	}

	@Test
	void aFolderMixingSizesOrSeriesIsRefused() throws IOException {
		Path sizes = Files.createDirectories(dir.resolve("sizes"));
		Files.write(sizes.resolve("a.dcm"), new DicomFiles.Spec().bytes());
		DicomFiles.Spec wide = new DicomFiles.Spec();
		wide.cols = 6;
		wide.instance = 2;
		Files.write(sizes.resolve("b.dcm"), wide.bytes());
		String m = assertThrows(PunetException.class, () -> Volumes.open(sizes)).getMessage();
		assertTrue(m.contains("different image sizes (b.dcm is 6×4, others 5×4)"), m);
		Path series = Files.createDirectories(dir.resolve("series"));
		Files.write(series.resolve("a.dcm"), new DicomFiles.Spec().bytes());
		DicomFiles.Spec other = new DicomFiles.Spec();
		other.series = "1.2.3.5";
		other.instance = 2;
		Files.write(series.resolve("b.dcm"), other.bytes());
		m = assertThrows(PunetException.class, () -> Volumes.open(series)).getMessage();
		assertTrue(m.contains("more than one series"), m);
		Path same = Files.createDirectories(dir.resolve("same"));
		Files.write(same.resolve("a.dcm"), new DicomFiles.Spec().bytes());
		Files.write(same.resolve("b.dcm"), new DicomFiles.Spec().bytes());
		m = assertThrows(PunetException.class, () -> Volumes.open(same)).getMessage();
		assertTrue(m.contains("two slices at the same position"), m);
	}
}
