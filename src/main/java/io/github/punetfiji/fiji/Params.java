package io.github.punetfiji.fiji;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.Compute;
import io.github.punetfiji.api.Device;
import io.github.punetfiji.data.Intensity;
import java.io.File;
import java.nio.file.Path;

/**
 * Turns command parameters (macro-recordable strings and numbers) into request values. Messages name the
 * parameter as the macro and the command line spell it.
 */
public final class Params {
	/** The intensity choice meaning "as the model was trained". */
	public static final String MODEL_INTENSITY = "model";

	/** The Help text of every command's {@code device} parameter. */
	static final String DEVICE_HELP = "where the network runs: auto = a usable GPU, else the CPU; cpu; gpu";
	/** The Help text of every command's {@code threads} parameter. */
	static final String THREADS_HELP = "CPU threads for the network; 0 = automatic; e.g. 2 to leave cores to other programs";
	/** The Help text of every command's {@code intensity} parameter. */
	static final String INTENSITY_HELP =
			"how grey values are scaled for the network: model = as the model was trained (usually right); ct = "
					+ "Hounsfield units -1000…1000; percentile = the image's 0.5–99.5 % range; none = unchanged";

	private Params() {}

	/** {@code "1,2, 5"} or {@code "1 2 5"} → {1, 2, 5}; blank → {}. */
	public static int[] indices(String text, String name) {
		return numbers(text, name, "class indices such as 1,2,5", "non-negative class indices", 0);
	}

	/** {@code "3, 7 11"} → {3, 7, 11} (slice numbers from 0); blank → {}. */
	public static int[] slices(String text, String name) {
		return numbers(text, name, "slice numbers (z, from 0) such as 12,30", "slice numbers from 0", 0);
	}

	/** {@code "3, 40"} or {@code "3 40"} → {3, 40} (slice numbers from 1, as ImageJ counts them); blank → {}. */
	public static int[] imageJSlices(String text, String name) {
		return numbers(text, name, "slice numbers (from 1, as ImageJ counts) such as 3,40", "slice numbers from 1", 1);
	}

	/** Whole numbers of {@code min} or more separated by commas or spaces; the messages say what {@code name} needs. */
	private static int[] numbers(String text, String name, String needs, String range, int min) {
		if (text == null || text.isBlank()) return new int[0];
		String[] parts = text.trim().split("[,\\s]+");
		int[] out = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				out[i] = Integer.parseInt(parts[i]);
			} catch (NumberFormatException e) {
				throw new PunetException(name + " needs " + needs + ", got '" + text + "'");
			}
			if (out[i] < min) throw new PunetException(name + " needs " + range + ", got " + out[i]);
		}
		return out;
	}

	/** {@code "case_07, case_08"} or {@code "case_07 case_08"} → the names; blank → none. */
	public static java.util.List<String> names(String text) {
		if (text == null || text.isBlank()) return java.util.List.of();
		return java.util.List.of(text.trim().split("[,\\s]+"));
	}

	/** The validation parameters shared by the training dialogs. */
	public static io.github.punetfiji.api.ValidationSettings validation(File dirImagesVal, File dirMasksVal, String valSubjects,
			String valSlices, int valEvery, int valMaxSlices) {
		return new io.github.punetfiji.api.ValidationSettings(optionalPath(dirImagesVal), optionalPath(dirMasksVal), names(valSubjects),
				slices(valSlices, "val_slices"), valEvery, valMaxSlices);
	}

	/** {@code "x,y,z"} → three voxel coordinates. */
	public static int[] point(String text, String name) {
		int[] p = indices(text, name);
		if (p.length != 3) throw new PunetException(name + " needs three voxel coordinates x,y,z, got '" + text + "'");
		return p;
	}

	/** {@code "160,160,48"} → {160, 160, 48}. */
	public static int[] dims(String text, String name) {
		int[] d = indices(text, name);
		if (d.length != 3) throw new PunetException(name + " needs three sizes x,y,z, got '" + text + "'");
		return d;
	}

	/** {@code model} → {@code null} (the model's own), otherwise {@code ct|percentile|none}. */
	public static Intensity intensity(String text) {
		return text == null || text.equals(MODEL_INTENSITY) ? null : Intensity.parse(text);
	}

	/** Device and thread count. */
	public static Compute compute(String device, int threads) {
		return new Compute(Device.parse(device), threads);
	}

	/** A required file or folder parameter as a path. */
	public static Path path(File file, String name) {
		if (file == null || file.getPath().isEmpty()) throw new PunetException("missing required " + name);
		return file.toPath();
	}

	/** A model parameter: blank → {@link io.github.punetfiji.api.SampleBody the bundled sample body}. */
	public static Path modelOrSampleBody(File file) {
		return file == null || file.getPath().isBlank() ? io.github.punetfiji.api.SampleBody.file() : file.toPath();
	}

	/** An optional file or folder parameter: {@code null} or empty → {@code null}. */
	public static Path optionalPath(File file) {
		return file == null || file.getPath().isEmpty() ? null : file.toPath();
	}
}
