package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import java.util.Objects;

/** Checks shared by the request records; messages name the CLI flag at fault. */
final class Requests {
	private Requests() {}

	static <T> T required(T value, String flag) {
		if (value == null) throw new PunetException("missing required " + flag);
		return value;
	}

	static int[] copy(int[] values) {
		return values == null ? new int[0] : values.clone();
	}

	static void overlap(double overlap) {
		if (!(overlap >= 0 && overlap < 1)) throw new PunetException("--sliding_window_overlap needs a value in [0, 1), got " + overlap);
	}

	static void point(int[] point) {
		Objects.requireNonNull(point, "point");
		if (point.length != 3) throw new PunetException("--point needs three voxel coordinates x,y,z, got " + point.length);
	}

}
