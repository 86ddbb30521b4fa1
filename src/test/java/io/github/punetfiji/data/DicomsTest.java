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
			Files.write(d.resolve("img" + (char) ('a' + i) + ".dcm"), DicomFiles.slice(COLS, ROWS, raw(k), k + 1, -50 + 3.0 * k, "0.8\\0.7", -1024, "1.2.3.4"));
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
}
