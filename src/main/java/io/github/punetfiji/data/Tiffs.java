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
 */
public final class Tiffs {
	private Tiffs() {}

	/** Reads a TIFF image or stack. */
	public static Volume<?> read(Path file) {
		if (!Files.isRegularFile(file)) throw new PunetException("no such file: " + file);
		Path abs = file.toAbsolutePath();
		ImagePlus imp = Headless.quietly(() -> new Opener().openTiff(abs.getParent().toString() + java.io.File.separator, abs.getFileName().toString()));
		if (imp == null || imp.getStackSize() == 0) {
			throw new PunetException(file + " could not be read as a TIFF image (not a TIFF, compressed in an unsupported way, or truncated)");
		}
		return ImagePlusConversion.toVolume(imp, Volumes.stem(file), file.toString());
	}

	/** Writes a volume as a TIFF (a stack when z > 1), calibrated in mm, atomically. */
	public static void write(Volume<?> volume, Path file) {
		ImagePlus imp = ImagePlusConversion.toImagePlus(volume);
		byte[] bytes = Headless.quietly(() -> new FileSaver(imp).serialize());
		if (bytes == null) throw new PunetException("cannot encode " + volume.name() + " as TIFF");
		AtomicFiles.write(file, out -> out.write(bytes));
	}
}
