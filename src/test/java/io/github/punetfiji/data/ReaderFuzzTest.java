package io.github.punetfiji.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid TIFF and DICOM files (bytes flipped, values that are lengths or counts replaced by
 * extremes, truncations, insertions): every case must end within a time bound with a volume or a
 * {@link PunetException}, never another exception, a hang, or output on standard output.
 * {@code -Dpunet.fuzz.slow=PREFIX} keeps the cases slower than a second as {@code PREFIX<case>.tif|.dcm}.
 */
class ReaderFuzzTest {
	/** Cases per format: 300 in the suite; {@code -Dpunet.fuzz.cases=10000} for a long run (docs/fuzz.md). */
	static final int CASES = Integer.getInteger("punet.fuzz.cases", 300);
	static final long CASE_MILLIS = 10_000;
	static long savedBase;

	@TempDir
	Path dir;

	@BeforeAll
	static void shortTimeBound() {
		savedBase = Tiffs.baseMillis;
		Tiffs.baseMillis = 3_000;
	}

	@AfterAll
	static void restore() {
		Tiffs.baseMillis = savedBase;
	}

	private static List<byte[]> tiffSeeds(Path dir) throws IOException {
		List<byte[]> seeds = new ArrayList<>();
		ij.ImageStack stack = new ij.ImageStack(9, 7);
		for (int z = 0; z < 3; z++) {
			ij.process.ShortProcessor ip = new ij.process.ShortProcessor(9, 7);
			for (int i = 0; i < 63; i++) ip.set(i, 100 * z + i);
			stack.addSlice(ip);
		}
		Path p = dir.resolve("seed.tif");
		new FileSaver(new ImagePlus("seed", stack)).saveAsTiffStack(p.toString());
		seeds.add(Files.readAllBytes(p));
		seeds.add(TiffFiles.write(new TiffFiles.Image(12, 5).ramp(0).deflated(), new TiffFiles.Image(12, 5).ramp(1).deflated()));
		seeds.add(TiffFiles.write(new TiffFiles.Image(12, 5).ramp(0), new TiffFiles.Image(12, 5).ramp(1)));
		TiffFiles.Image strips = new TiffFiles.Image(8, 6);
		strips.rowsPerStrip = 2;
		for (int s = 0; s < 3; s++) strips.strips.add(TiffFiles.deflate(new byte[16 + s]));
		strips.compression = 8;
		seeds.add(TiffFiles.write(strips));
		return seeds;
	}

	private static List<byte[]> dicomSeeds() {
		List<byte[]> seeds = new ArrayList<>();
		for (String ts : new String[] {DicomFiles.IMPLICIT_LE, DicomFiles.EXPLICIT_LE, DicomFiles.EXPLICIT_BE}) {
			DicomFiles.Spec s = new DicomFiles.Spec();
			s.transferSyntax = ts;
			s.slope = "0.5";
			s.intercept = "-1024";
			s.frames = ts.equals(DicomFiles.EXPLICIT_LE) ? 3 : 1;
			seeds.add(s.bytes());
		}
		DicomFiles.Spec u8 = new DicomFiles.Spec();
		u8.bitsAllocated = u8.bitsStored = 8;
		u8.pixelRepresentation = 0;
		seeds.add(u8.bytes());
		return seeds;
	}

	/** One mutation of {@code seed}, chosen by {@code r}. */
	static byte[] mutate(byte[] seed, Random r) {
		byte[] b = seed.clone();
		int kind = r.nextInt(5);
		switch (kind) {
			case 0 -> {
				for (int k = 1 + r.nextInt(8); k > 0; k--) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
			}
			case 1 -> {
				int at = r.nextInt(b.length - 4) & ~1;
				int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF, 46000, 1 << 20, 1};
				int v = extremes[r.nextInt(extremes.length)];
				boolean le = r.nextBoolean();
				for (int i = 0; i < 4; i++) b[at + i] = (byte) (le ? v >>> (8 * i) : v >>> (8 * (3 - i)));
			}
			case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
			case 3 -> {
				int at = r.nextInt(b.length);
				byte[] in = new byte[1 + r.nextInt(16)];
				r.nextBytes(in);
				byte[] c = new byte[b.length + in.length];
				System.arraycopy(b, 0, c, 0, at);
				System.arraycopy(in, 0, c, at, in.length);
				System.arraycopy(b, at, c, at + in.length, b.length - at);
				b = c;
			}
			default -> {
				int at = r.nextInt(b.length);
				int len = Math.min(b.length - at, 1 + r.nextInt(64));
				byte[] junk = new byte[len];
				r.nextBytes(junk);
				System.arraycopy(junk, 0, b, at, len);
			}
		}
		return b;
	}

	/** Reads one file: a volume, an array or a model. */
	@FunctionalInterface
	interface Reader {
		Object read(Path file) throws Exception;
	}

	private void fuzz(String ext, List<byte[]> seeds, long seed) throws Exception {
		fuzz(ext, seeds, seed, Volumes::open);
	}

	private void fuzz(String ext, List<byte[]> seeds, long seed, Reader reader) throws Exception {
		Random r = new Random(seed);
		java.io.PrintStream out = System.out;
		java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
		int volumes = 0, refusals = 0;
		long slowest = 0;
		System.setOut(new java.io.PrintStream(printed, true));
		try {
			for (int c = 0; c < CASES; c++) {
				byte[] bytes = mutate(seeds.get(r.nextInt(seeds.size())), r);
				Path f = Files.write(dir.resolve("case" + c + ext), bytes);
				long t0 = System.nanoTime();
				try {
					reader.read(f);
					volumes++;
				} catch (PunetException e) {
					refusals++;
					String m = e.getMessage();
					assertTrue(m.contains(f.getFileName().toString()) && !m.contains("\n") && !m.contains(" at ij."),
							"case " + c + ": " + m);
					// NB: the time bound is the last resort; a decoder thread it gives up on spins on: none may be left
					assertTrue(!m.contains("could not be decoded within"), "case " + c + " needed the time bound: " + m);
				} catch (Throwable e) {
					Files.write(dir.resolve("failing" + ext), bytes);
					fail("case " + c + " (seed " + seed + "): " + e, e);
				}
				long ms = (System.nanoTime() - t0) / 1_000_000;
				slowest = Math.max(slowest, ms);
				if (ms > 1000 && System.getProperty("punet.fuzz.slow") != null)
					Files.write(Path.of(System.getProperty("punet.fuzz.slow") + c + ext), bytes);
				assertTrue(ms < CASE_MILLIS, "case " + c + " (seed " + seed + ") took " + ms + " ms");
				Files.delete(f);
			}
		} finally {
			System.setOut(out);
		}
		System.err.println(
				"fuzz " + ext + ": " + CASES + " cases, " + volumes + " volumes, " + refusals + " refusals, slowest " + slowest + " ms");
		assertTrue(printed.size() == 0, "nothing on standard output: " + printed);
	}

	@Test
	void mutatedTiffsGiveAVolumeOrARefusal() throws Exception {
		fuzz(".tif", tiffSeeds(dir), 20261202L);
	}

	@Test
	void mutatedDicomsGiveAVolumeOrARefusal() throws Exception {
		fuzz(".dcm", dicomSeeds(), 15L);
	}

	@Test
	void mutatedNiftisGiveAVolumeOrARefusal() throws Exception {
		List<byte[]> seeds = new ArrayList<>();
		for (VoxelType t : new VoxelType[] {VoxelType.UINT8, VoxelType.INT16, VoxelType.FLOAT32}) {
			net.imglib2.img.array.ArrayImg img = t.create(9, 7, 3);
			Path p = dir.resolve("seed_" + t.label + ".nii");
			Volumes.save(ImgAssert.volume(img, new double[] {0.8, 0.9, 2.5}, "seed", NiftiGeometry.UNKNOWN), p);
			seeds.add(Files.readAllBytes(p));
		}
		fuzz(".nii", seeds, 7L);
	}

	@Test
	void mutatedArraysAndModelFilesGiveAValueOrARefusal() throws Exception {
		Path npy = dir.resolve("seed.npy");
		io.github.punetfiji.io.Npy.write(npy, io.github.punetfiji.io.NpyArray.ofFloats(new long[] {3, 4}, new float[12]));
		Path npyLong = dir.resolve("seed_long.npy");
		io.github.punetfiji.io.Npy.write(npyLong, io.github.punetfiji.io.NpyArray.ofLongs(new long[] {5}, new long[5]));
		fuzz(".npy", List.of(Files.readAllBytes(npy), Files.readAllBytes(npyLong)), 8L, f -> io.github.punetfiji.io.Npy.read(f, 1L << 30));
		Path model = dir.resolve("seed.punet");
		try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
				io.github.punetfiji.model.file.PunetModel pm = io.github.punetfiji.model.file.PunetModel
						.create(io.github.punetfiji.model.file.ModelMetadata.of(io.github.punetfiji.model.PunetConfig.preset("tiny")), m)) {
			pm.save(model);
		}
		fuzz(".punet", List.of(Files.readAllBytes(model)), 9L, io.github.punetfiji.model.file.ModelFile::read);
	}
}
