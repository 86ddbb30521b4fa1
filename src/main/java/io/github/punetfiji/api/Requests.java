package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import java.util.Objects;

/** Checks shared by the request records; messages name the CLI flag at fault. */
final class Requests {
	private Requests() {}

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
		if (!(overlap >= 0 && overlap < 1)) throw new PunetException("flag --sliding_window_overlap must be in [0, 1), got " + overlap);
	}

	/** The one check of the inference batch size ({@code --batch_size} of {@code --mode predict|test}). */
	static void batchSize(int batchSize) {
		if (batchSize < 1) throw new PunetException("flag --batch_size must be at least 1, got " + batchSize);
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
