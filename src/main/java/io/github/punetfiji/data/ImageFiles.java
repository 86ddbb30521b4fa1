package io.github.punetfiji.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What the image readers and {@link Volumes} share about file names: the formats read, and a file's stem. Kept
 * apart from {@link Volumes} so that the readers ({@link Nifti}, {@link Dicoms}, {@link Tiffs}) do not depend on
 * the class that dispatches to them.
 */
public final class ImageFiles {
	/** The formats read, for messages. */
	public static final String SUPPORTED = ".nii, .nii.gz, .hdr/.img, .tif, .tiff, .dcm or a folder of DICOM files";

	private ImageFiles() {}

	/**
	 * The file name without its image extension ({@code case01.nii.gz} → {@code case01}), used to name
	 * outputs and to match images with masks.
	 */
	public static String stem(Path file) {
		Path f = file.getFileName();
		String n = f == null ? file.toString() : f.toString();
		String lower = n.toLowerCase(Locale.ROOT);
		for (String ext : new String[] {".nii.gz", ".hdr.gz", ".img.gz", ".nii", ".hdr", ".img", ".tiff", ".tif", ".dcm", ".dicom",
				".ima"}) {
			if (lower.endsWith(ext) && lower.length() > ext.length()) return n.substring(0, n.length() - ext.length());
		}
		return n;
	}
}
