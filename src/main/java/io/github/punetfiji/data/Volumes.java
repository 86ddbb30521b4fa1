package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens and saves volumes by file name: NIfTI-1 ({@code .nii}, {@code .nii.gz}, {@code .hdr}+{@code .img}),
 * TIFF ({@code .tif}, {@code .tiff}) and DICOM (a {@code .dcm} file, or a folder holding one series).
 */
public final class Volumes {
	/** The extensions {@link #open} understands, for messages. */
	public static final String SUPPORTED = ImageFiles.SUPPORTED;

	private Volumes() {}

	/**
	 * Opens a volume.
	 *
	 * @throws PunetException if the file is missing, of an unknown format, or unreadable
	 */
	public static Volume<?> open(Path file) {
		if (!Files.exists(file)) throw new PunetException("no such file or folder: " + file);
		if (Files.isDirectory(file)) return Dicoms.readSeries(file);
		switch (format(file)) {
			case "nifti":
				return Nifti.read(file);
			case "tiff":
				return Tiffs.read(file);
			case "dicom":
				return Dicoms.readFile(file);
			default:
				throw new PunetException(file + ": unknown image format; expected " + SUPPORTED);
		}
	}

	/**
	 * Saves a volume as NIfTI-1 or TIFF, atomically, chosen by the extension.
	 *
	 * @throws PunetException for other extensions or if the file cannot be written
	 */
	public static void save(Volume<?> volume, Path file) {
		String lower = lower(file);
		if (lower.endsWith(".nii") || lower.endsWith(".nii.gz")) Nifti.write(volume, file);
		else if (lower.endsWith(".tif") || lower.endsWith(".tiff")) Tiffs.write(volume, file);
		else throw new PunetException("cannot save " + file + ": the name must end in .nii.gz, .nii, .tif or .tiff");
	}

	/** Whether {@link #open} would try this path (by name; a folder counts as a DICOM series). */
	public static boolean isSupported(Path file) {
		return Files.isDirectory(file) || !format(file).isEmpty() && !lower(file).endsWith(".img");
	}

	/** {@code "nifti"}, {@code "tiff"}, {@code "dicom"} or {@code ""}, by extension. */
	static String format(Path file) {
		String n = lower(file);
		if (n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".hdr") || n.endsWith(".hdr.gz") || n.endsWith(".img"))
			return "nifti";
		if (n.endsWith(".tif") || n.endsWith(".tiff")) return "tiff";
		if (n.endsWith(".dcm") || n.endsWith(".dicom") || n.endsWith(".ima")) return "dicom";
		return "";
	}

	/**
	 * The file name without its image extension ({@code case01.nii.gz} → {@code case01}), used to name
	 * outputs and to match images with masks ({@link ImageFiles#stem}).
	 */
	public static String stem(Path file) {
		return ImageFiles.stem(file);
	}

	private static String lower(Path file) {
		Path f = file.getFileName();
		return (f == null ? file.toString() : f.toString()).toLowerCase(Locale.ROOT);
	}

}
