package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TIFF files (single images and stacks, 8-, 16- and 32-bit grey, with ImageJ calibration ⇄ spacing)
 * through ImageJ 1's reader and writer. Writes are atomic.
 *
 * <p>What is ImageJ 1's and what is ours: decoding ({@code TiffDecoder}, {@code ImageReader}: byte orders, strips,
 * LZW, deflate, PackBits, ImageJ's stack and calibration tags) and encoding ({@code FileSaver}) are ImageJ's. Ours:
 * before ImageJ sees a file, {@link TiffScan} checks its directories, arrays and strips against the file's real size
 * (a tiny file claiming 46000×46000 pixels is refused at once, not given 2 GB), and refuses truncated pixel data
 * that ImageJ would fill with zeros or cut short, and deflated strips that stop short (ImageJ's {@code zipUncompress}
 * loops forever on them). ImageJ then decodes on a daemon thread under a time bound, against what the scan does not
 * foresee (such a thread cannot be stopped: it is left behind, as a daemon). A stack that comes back with fewer
 * slices than the file describes is refused.
 */
public final class Tiffs {
	/** Time allowed to decode: this much, plus a second per {@link #BYTES_PER_SECOND} bytes of pixels. */
	static long baseMillis = 20_000;
	static final long BYTES_PER_SECOND = 20L << 20;

	private Tiffs() {}

	/** Reads a TIFF image or stack. */
	public static Volume<?> read(Path file) {
		if (!Files.isRegularFile(file)) throw new PunetException("no such file: " + file);
		Path abs = file.toAbsolutePath();
		TiffScan scan = TiffScan.of(file);
		long millis = baseMillis + 1000 * (scan.pixelBytes / BYTES_PER_SECOND);
		Headless.Result<ImagePlus> r = Headless.call(() -> bounded(
				() -> new Opener().openTiff(abs.getParent().toString() + java.io.File.separator, abs.getFileName().toString()), millis,
				file));
		ImagePlus imp = r.value;
		if (imp == null || imp.getStackSize() == 0) {
			throw new PunetException(
					file + " could not be read as a TIFF image (not a TIFF, compressed in an unsupported way, or truncated)" + r.detail());
		}
		if (imp.getType() != ImagePlus.COLOR_RGB && imp.getNChannels() == 1 && imp.getStackSize() < scan.slices) {
			throw new PunetException(file + " is truncated or corrupt: it describes " + scan.slices + " images, ImageJ could read "
					+ imp.getStackSize() + r.detail());
		}
		return resolutionRounded(ImagePlusConversion.toVolume(imp, ImageFiles.stem(file), file.toString()));
	}

	/**
	 * The in-plane voxel size to 6 significant digits: TIFF stores it as a resolution, a rational that ImageJ writes
	 * as {@code (1/size · 10^6) / 10^6}, so 0.9 mm comes back as 0.900000090000009; the digits beyond the sixth are
	 * the encoding's, not the image's. (The z size travels as a decimal in ImageJ's description and is exact.)
	 */
	static <T extends net.imglib2.type.numeric.RealType<T> & net.imglib2.type.NativeType<T>> Volume<T> resolutionRounded(Volume<T> v) {
		double[] s = v.spacing();
		for (int d = 0; d < 2; d++) s[d] = new java.math.BigDecimal(s[d]).round(new java.math.MathContext(6)).doubleValue();
		return new Volume<>(v.image(), s, v.name(), v.source(), v.geometry());
	}

	/**
	 * Runs {@code task} on a daemon thread and waits at most {@code millis}.
	 *
	 * @throws PunetException on time-out, or when the decoder fails in any other way than with a message of ours
	 */
	static <T> T bounded(java.util.function.Supplier<T> task, long millis, Path file) {
		java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
		Thread t = new Thread(() -> {
			try {
				result.complete(task.get());
			} catch (Throwable e) { // NB: a corrupt file may make the decoder throw anything, or run out of memory
				result.completeExceptionally(e);
			}
		}, "punet-tiff-decode");
		t.setDaemon(true);
		t.start();
		try {
			return result.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
		} catch (java.util.concurrent.TimeoutException e) {
			t.interrupt();
			throw new PunetException(
					file + " could not be decoded within " + millis / 1000 + " s; its compressed data are probably corrupt");
		} catch (java.util.concurrent.ExecutionException e) {
			Throwable c = e.getCause();
			if (c instanceof PunetException p) throw p;
			if (c instanceof OutOfMemoryError)
				throw new PunetException(file + " needs more memory to decode than Java has (" + c.getMessage() + ")");
			throw new PunetException(file + " is corrupt: ImageJ failed to decode it (" + c + ")", c);
		} catch (InterruptedException e) {
			t.interrupt();
			Thread.currentThread().interrupt();
			throw new io.github.punetfiji.CancelledException("reading " + file + " was interrupted");
		}
	}

	/** Writes a volume as a TIFF (a stack when z > 1), calibrated in mm, atomically. */
	public static void write(Volume<?> volume, Path file) {
		ImagePlus imp = ImagePlusConversion.toImagePlus(volume);
		Headless.Result<byte[]> r = Headless.call(() -> new FileSaver(imp).serialize());
		byte[] bytes = r.value;
		if (bytes == null) throw new PunetException("cannot encode " + volume.name() + " as TIFF for " + file + r.detail());
		AtomicFiles.write(file, out -> out.write(bytes));
	}
}
