package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The checks shared by the request records, each value's one check; messages name the CLI flag at fault. The public
 * constants are the limits as text, for the Fiji dialogs' {@code min}/{@code max} hints.
 */
public final class Requests {
	private Requests() {}

	/** The smallest sliding-window overlap; the largest is below 1 (exclusive, so no dialog {@code max}). */
	public static final String MIN_OVERLAP = "0";

	/** Windows per forward of an inference unless told otherwise. */
	static final int DEFAULT_BATCH_SIZE = 4;

	static <T> T required(T value, String flag) {
		if (value == null) throw new PunetException("missing required " + flag);
		return value;
	}

	static int[] copy(int[] values) {
		return values == null ? new int[0] : values.clone();
	}

	/** The one check of the sliding-window overlap ({@code --sliding_window_overlap}, Fiji {@code sliding_window_overlap}). */
	static void overlap(double overlap) {
		if (!(overlap >= Double.parseDouble(MIN_OVERLAP) && overlap < 1))
			throw new PunetException("flag --sliding_window_overlap must be in [0, 1), got " + overlap);
	}

	/** The one check of the inference batch size ({@code --batch_size} of {@code --mode predict|test}). */
	static void batchSize(int batchSize) {
		if (batchSize < 1) throw new PunetException("flag --batch_size must be at least 1, got " + batchSize);
	}

	/** The one check of the training length: {@code --max_epochs} or {@code --max_steps} must be positive. */
	static void epochsOrSteps(int maxEpochs, int maxSteps) {
		if (maxEpochs < 1 && maxSteps < 1)
			throw new PunetException("--max_epochs or --max_steps needs 1 or more, got " + maxEpochs + " and " + maxSteps);
	}

	/** The one check of a count that may be 0 ({@code --checkpoint_every}, {@code --val_every}, {@code --val_max_slices}). */
	static void notNegative(int value, String flag, String expected) {
		if (value < 0) throw new PunetException("--" + flag + " needs " + expected + ", got " + value);
	}

	/** The one check of slice numbers ({@code --val_slices}). */
	static void slices(int[] slices, String flag) {
		for (int z : slices)
			if (z < 0) throw new PunetException("--" + flag + " needs slice numbers from 0, got " + Arrays.toString(slices));
	}

	/** The one check of the window blending ({@code --blending constant|gaussian}); null = constant. */
	static String blending(String blending) {
		if (blending == null || blending.isBlank()) return "constant";
		String b = blending.trim().toLowerCase(java.util.Locale.ROOT);
		if (!b.equals("constant") && !b.equals("gaussian"))
			throw new PunetException("blending must be constant or gaussian, got '" + blending + "'");
		return b;
	}

	static void point(int[] point) {
		Objects.requireNonNull(point, "point");
		if (point.length != 3)
			throw new PunetException("flag --point needs three voxel coordinates x,y,z, got " + point.length + " value(s)");
	}

}
