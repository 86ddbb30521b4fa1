package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import ij.ImagePlus;
import ij.io.Opener;
import ij.plugin.FolderOpener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DICOM through ImageJ 1: a single file ({@code ij.plugin.DICOM}), or a folder holding one series
 * ({@code ij.plugin.FolderOpener}, which sorts slices by position and sets the slice spacing from the
 * image positions). Pixel spacing comes from the calibration, values with the rescale slope/intercept
 * applied (Hounsfield units for CT).
 */
public final class Dicoms {
	private Dicoms() {}

	/** Reads one DICOM file (a 2D slice or a multi-frame volume). */
	public static Volume<?> readFile(Path file) {
		if (!Files.isRegularFile(file)) throw new PunetException("no such file: " + file);
		ImagePlus imp = Headless.quietly(() -> new Opener().openImage(file.toAbsolutePath().toString()));
		if (imp == null || imp.getStackSize() == 0 || imp.getWidth() == 0) {
			throw new PunetException(file + " could not be read as a DICOM image (not DICOM, compressed in an unsupported way, or truncated)");
		}
		return ImagePlusConversion.toVolume(imp, Volumes.stem(file), file.toString());
	}

	/** Reads the DICOM series in a folder as one volume named after the folder. */
	public static Volume<?> readSeries(Path dir) {
		List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).collect(Collectors.toList());
		} catch (IOException e) {
			throw new PunetException("cannot list folder " + dir + ": " + e.getMessage(), e);
		}
		long dicoms = files.stream().filter(Dicoms::isDicom).count();
		if (dicoms == 0) {
			throw new PunetException("folder " + dir + " holds no DICOM files (" + files.size()
					+ " files checked); expected a folder with one DICOM series, or a file: " + Volumes.SUPPORTED);
		}
		ImagePlus imp = Headless.quietly(() -> FolderOpener.open(dir.toAbsolutePath().toString()));
		if (imp == null || imp.getStackSize() == 0) throw new PunetException("the DICOM series in " + dir + " could not be read");
		if (imp.getStackSize() != dicoms) {
			throw new PunetException("folder " + dir + " holds " + dicoms + " DICOM files but only " + imp.getStackSize()
					+ " could be stacked (mixed image sizes or other files?); keep one series per folder");
		}
		String name = dir.toAbsolutePath().normalize().getFileName().toString();
		return ImagePlusConversion.toVolume(imp, name, dir.toString());
	}

	/** Whether a file is DICOM: "DICM" at byte 128, or a {@code .dcm} name. */
	static boolean isDicom(Path file) {
		if (file.getFileName().toString().toLowerCase().endsWith(".dcm")) return true;
		try (InputStream in = Files.newInputStream(file)) {
			byte[] b = in.readNBytes(132);
			return b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
		} catch (IOException e) {
			return false;
		}
	}
}
