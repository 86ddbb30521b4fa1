package io.github.punetfiji.data;

import static io.github.punetfiji.data.ImgAssert.assertSameValues;
import static io.github.punetfiji.data.ImgAssert.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TIFF through ImageJ 1, and the ImagePlus ⇄ ImgLib2 copy. */
class TiffsTest {
	@TempDir
	Path dir;

	@SuppressWarnings({"rawtypes", "unchecked"})
	private static ArrayImg ramp(VoxelType t, long z, double offset) {
		ArrayImg img = t.create(7, 5, z);
		net.imglib2.Cursor<RealType> c = img.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			c.get().setReal(offset + 30 * c.getLongPosition(0) + 5 * c.getLongPosition(1) + c.getLongPosition(2));
		}
		return img;
	}

	private Volume<?> roundTrip(Volume<?> v, String name) {
		Path p = dir.resolve(name);
		Tiffs.write(v, p);
		return Volumes.open(p);
	}

	@Test
	void eightSixteenAndThirtyTwoBitStacksRoundTripWithCalibration() {
		VoxelType[] types = {VoxelType.UINT8, VoxelType.UINT16, VoxelType.FLOAT32, VoxelType.INT16};
		double[] offsets = {0, 1000, -0.25, -1024};
		for (int i = 0; i < types.length; i++) {
			Volume<?> v = ImgAssert.volume(ramp(types[i], 3, offsets[i]), new double[] {0.7, 0.8, 2.5}, "s", NiftiGeometry.UNKNOWN);
			Volume<?> back = roundTrip(v, "stack_" + types[i].label + ".tif");
			assertEquals(types[i], back.type(), types[i].label);
			assertSameValues(v.image(), back.image(), 0);
			assertArrayEquals(new double[] {0.7, 0.8, 2.5}, back.spacing(), 1e-6); // TIFF stores x, y resolution as rationals
			assertEquals("stack_" + types[i].label, back.name());
		}
	}

	@Test
	void singleImageIsTwoDimensional() {
		Volume<?> v = ImgAssert.volume(ramp(VoxelType.FLOAT32, 1, 0), new double[] {0.5, 0.25, 1}, "s", NiftiGeometry.UNKNOWN);
		Volume<?> back = roundTrip(v, "one.tiff");
		assertArrayEquals(new long[] {7, 5, 1}, back.dims());
		assertArrayEquals(new double[] {0.5, 0.25, 1}, back.spacing(), 1e-6);
		assertEquals(30 * 6 + 5 * 4, at(back.image(), 6, 4, 0));
	}

	@Test
	void calibrationUnitsBecomeMillimetres() throws IOException {
		ImagePlus imp = new ImagePlus("um", new ShortProcessor(4, 3));
		imp.getCalibration().setUnit("µm");
		imp.getCalibration().pixelWidth = 250;
		imp.getCalibration().pixelHeight = 500;
		Path p = dir.resolve("um.tif");
		assertTrue(new FileSaver(imp).saveAsTiff(p.toString()));
		assertArrayEquals(new double[] {0.25, 0.5, 1}, Tiffs.read(p).spacing(), 1e-6);
	}

	@Test
	void valueCalibrationIsApplied() {
		ShortProcessor ip = new ShortProcessor(2, 1);
		ip.set(0, 0, 0);
		ip.set(1, 0, 3000);
		ImagePlus imp = new ImagePlus("ct", ip);
		imp.getCalibration().setFunction(ij.measure.Calibration.STRAIGHT_LINE, new double[] {-1024, 1}, "HU");
		Volume<?> v = ImagePlusConversion.toVolume(imp, "ct", "ct");
		assertEquals(VoxelType.INT16, v.type());
		assertEquals(-1024, at(v.image(), 0, 0, 0));
		assertEquals(1976, at(v.image(), 1, 0, 0));
		imp.getCalibration().setFunction(ij.measure.Calibration.STRAIGHT_LINE, new double[] {-1000, 0.5}, "HU");
		v = ImagePlusConversion.toVolume(imp, "ct", "ct");
		assertEquals(VoxelType.FLOAT32, v.type());
		assertEquals(500, at(v.image(), 1, 0, 0));
	}

	@Test
	void colourAndBrokenFilesAreRefused() throws IOException {
		Path rgb = dir.resolve("rgb.tif");
		assertTrue(new FileSaver(new ImagePlus("rgb", new ColorProcessor(4, 4))).saveAsTiff(rgb.toString()));
		String m = assertThrows(PunetException.class, () -> Volumes.open(rgb)).getMessage();
		assertTrue(m.contains("rgb.tif") && m.contains("colour"), m);
		Path bad = dir.resolve("bad.tif");
		Files.write(bad, "II*\0 this is not really a tiff".getBytes());
		m = assertThrows(PunetException.class, () -> Volumes.open(bad)).getMessage();
		assertTrue(m.contains("bad.tif"), m);
	}
}
