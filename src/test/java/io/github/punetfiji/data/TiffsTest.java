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
	void spacingComesBackExactlyAndAnInvalidOneIsReplacedWithAWarning() throws IOException {
		Volume<?> v = ImgAssert.volume(ramp(VoxelType.UINT16, 2, 0), new double[] {0.9, 0.7, 2.5}, "s", NiftiGeometry.UNKNOWN);
		assertArrayEquals(new double[] {0.9, 0.7, 2.5}, roundTrip(v, "exact.tif").spacing(), 0, "not 0.900000090000009");
		// a NIfTI whose pixdim[1] is 0 (ImageJ never writes a TIFF without a resolution)
		Path p = dir.resolve("zero.nii");
		Volumes.save(v, p);
		byte[] b = Files.readAllBytes(p);
		java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(80, 0f); // pixdim[1]
		Files.write(p, b);
		java.util.List<String> notes = new java.util.ArrayList<>();
		io.github.punetfiji.io.Notes.setSink(notes::add);
		try {
			assertEquals(1.0, Volumes.open(p).spacing()[0]);
		} finally {
			io.github.punetfiji.io.Notes.setSink(line -> System.err.println("punet: " + line));
		}
		assertTrue(notes.size() == 1 && notes.get(0).startsWith("warning: ") && notes.get(0).contains("zero.nii")
				&& notes.get(0).contains("along x") && notes.get(0).contains("1 mm assumed"), notes.toString());
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

	private Path tiff(String name, byte[] bytes) throws IOException {
		return Files.write(dir.resolve(name), bytes);
	}

	private static String refused(Path p) {
		return assertThrows(PunetException.class, () -> Volumes.open(p)).getMessage();
	}

	@Test
	void handWrittenStripsAndDeflateAreReadAsImageJReadsThem() throws IOException {
		TiffFiles.Image a = new TiffFiles.Image(6, 4).ramp(0);
		TiffFiles.Image b = new TiffFiles.Image(6, 4).ramp(1);
		Volume<?> v = Volumes.open(tiff("two.tif", TiffFiles.write(a, b)));
		assertArrayEquals(new long[] {6, 4, 2}, v.dims());
		assertEquals(5 + 3 * 2 + 7, at(v.image(), 5, 2, 1));
		v = Volumes.open(tiff("two_zip.tif",
				TiffFiles.write(new TiffFiles.Image(6, 4).ramp(0).deflated(), new TiffFiles.Image(6, 4).ramp(1).deflated())));
		assertEquals(5 + 3 * 2 + 7, at(v.image(), 5, 2, 1));
		String m = refused(tiff("mixed.tif", TiffFiles.write(a, new TiffFiles.Image(6, 4).ramp(1).deflated())));
		assertTrue(m.contains("mixes compressions"), m);
	}

	@Test
	void aTinyFileClaimingAHugeImageIsRefusedAtOnce() throws IOException {
		TiffFiles.Image raw = new TiffFiles.Image(46000, 46000);
		raw.strips.add(new byte[16]);
		raw.claimedLengths = new long[] {46000L * 46000};
		Path p = tiff("huge.tif", TiffFiles.write(raw));
		long t0 = System.nanoTime();
		String m = refused(p);
		assertTrue(m.contains("huge.tif") && m.contains("truncated"), m);
		TiffFiles.Image noLengths = new TiffFiles.Image(46000, 46000);
		noLengths.strips.add(new byte[16]);
		noLengths.claimedLengths = new long[] {16};
		m = refused(tiff("huge2.tif", TiffFiles.write(noLengths)));
		assertTrue(m.contains("pixels need 2116000000 bytes, the file holds 16"), m);
		TiffFiles.Image zip = new TiffFiles.Image(46000, 46000);
		zip.strips.add(TiffFiles.deflate(new byte[1000]));
		zip.compression = 8;
		byte[] bytes = TiffFiles.write(zip);
		m = refused(tiff("huge3.tif", bytes));
		assertTrue(m.contains("claims 46000×46000 pixels") && m.contains("bytes of compressed data"), m);
		assertTrue(bytes.length < 200, bytes.length + " bytes");
		assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused without decoding");
	}

	@Test
	void truncatedPixelDataIsRefusedNotFilledWithZerosOrDropped() throws IOException {
		ij.ImageStack slices = new ij.ImageStack(8, 8);
		for (int z = 0; z < 4; z++) slices.addSlice(new ij.process.ByteProcessor(8, 8));
		ImagePlus stack = new ImagePlus("s", slices);
		Path saved = dir.resolve("stack.tif");
		assertTrue(new FileSaver(stack).saveAsTiffStack(saved.toString()));
		byte[] full = Files.readAllBytes(saved);
		assertEquals(4, Volumes.open(saved).dims()[2]);
		// cut into the last slice's pixels
		int pixelsEnd = ByteBufferIndex.lastPixelByte(full, 4 * 64);
		String m = refused(tiff("cut_stack.tif", java.util.Arrays.copyOf(full, pixelsEnd - 10)));
		assertTrue(m.contains("cut_stack.tif") && m.contains("truncated"), m);

		TiffFiles.Image a = new TiffFiles.Image(6, 4).ramp(0);
		TiffFiles.Image b = new TiffFiles.Image(6, 4).ramp(1);
		b.claimedLengths = new long[] {24 + 1000};
		m = refused(tiff("strip_beyond.tif", TiffFiles.write(a, b)));
		assertTrue(m.contains("(image 2) is truncated: strip 1 of 1 needs bytes up to"), m);
		TiffFiles.Image c = new TiffFiles.Image(6, 4);
		c.strips.add(new byte[10]);
		m = refused(tiff("short_strip.tif", TiffFiles.write(c)));
		assertTrue(m.contains("pixels need 24 bytes, the file holds 10"), m);
	}

	@Test
	void aDeflatedStripThatStopsShortIsRefusedInsteadOfHanging() throws IOException {
		TiffFiles.Image a = new TiffFiles.Image(64, 64).ramp(0);
		byte[] z = TiffFiles.deflate(a.strips.get(0));
		a.strips.set(0, java.util.Arrays.copyOf(z, z.length / 2));
		a.compression = 8;
		String m = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
				() -> refused(tiff("short_zip.tif", TiffFiles.write(a))));
		assertTrue(m.contains("deflated strip 1 of image 1 ends before its data do"), m);
		a.strips.set(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
		m = refused(tiff("bad_zip.tif", TiffFiles.write(a)));
		assertTrue(m.contains("not valid deflate data"), m);
	}

	@Test
	void directoriesThatLoopOrPointOutsideAreRefused() throws IOException {
		byte[] one = TiffFiles.write(new TiffFiles.Image(6, 4).ramp(0));
		java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(one).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		int ifd = b.getInt(4);
		int entries = b.getShort(ifd);
		b.putInt(ifd + 2 + 12 * entries, ifd); // next directory: itself
		String m = refused(tiff("loop.tif", one));
		assertTrue(m.contains("loop"), m);
		b.putInt(ifd + 2 + 12 * entries, 0);
		b.putInt(4, one.length + 100);
		m = refused(tiff("outside.tif", one));
		assertTrue(m.contains("beyond the end of the file"), m);
		Files.write(dir.resolve("big.tif"), new byte[] {'I', 'I', 43, 0, 8, 0, 0, 0});
		assertTrue(refused(dir.resolve("big.tif")).contains("BigTIFF"));
	}

	@Test
	void aDecoderThatDoesNotReturnIsGivenUpOnInTime() {
		long t0 = System.nanoTime();
		PunetException e = assertThrows(PunetException.class, () -> Tiffs.bounded(() -> {
			try {
				Thread.sleep(60_000);
			} catch (InterruptedException x) {
				Thread.currentThread().interrupt();
			}
			return null;
		}, 300, dir.resolve("slow.tif")));
		assertTrue(e.getMessage().contains("slow.tif could not be decoded within 0 s"), e.getMessage());
		assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
		e = assertThrows(PunetException.class, () -> Tiffs.bounded(() -> {
			throw new ArrayIndexOutOfBoundsException(7);
		}, 5000, dir.resolve("aioobe.tif")));
		assertTrue(e.getMessage().contains("aioobe.tif is corrupt: ImageJ failed to decode it"), e.getMessage());
	}

	/** The end of a stack's contiguous pixels: the first directory's strip offset (tag 273, one strip) plus their size. */
	private static final class ByteBufferIndex {
		static int lastPixelByte(byte[] file, int pixels) {
			java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file)
					.order(file[0] == 'M' ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
			int ifd = b.getInt(4);
			for (int e = 0; e < b.getShort(ifd); e++) {
				int at = ifd + 2 + 12 * e;
				if ((b.getShort(at) & 0xFFFF) == 273) return b.getInt(at + 8) + pixels;
			}
			throw new AssertionError("no strip offsets");
		}
	}
}
