package io.github.punetfiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.io.Npz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * The reference-parity fixtures (copied from {@code shared/fixtures/reference-parity} into the test
 * resources so a clean clone is self-contained) and tolerance-checked comparisons.
 */
public final class Fixtures {
	public static final Path DIR = Paths.get("src/test/resources/fixtures/reference-parity");

	private Fixtures() {}

	public static Map<String, NpyArray> npz(String name) {
		return Npz.read(DIR.resolve(name + ".npz"));
	}

	public static Map<String, Object> json(String name) {
		try {
			return Json.parseObject(Files.readString(DIR.resolve(name + ".json"), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Asserts {@code |actual - expected| <= atol + rtol * |expected|} everywhere, with shapes equal. */
	public static double assertClose(String what, NpyArray expected, NDArray actual, double rtol, double atol) {
		assertArrayEquals(expected.shape(), actual.getShape().getShape(), what + ": shape");
		float[] e = expected.toFloats();
		float[] a = actual.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
		double worst = 0;
		int at = -1;
		for (int i = 0; i < e.length; i++) {
			double d = Math.abs(a[i] - e[i]);
			double excess = d - (atol + rtol * Math.abs(e[i]));
			if (excess > 0 && (at < 0 || d > worst)) {
				worst = d;
				at = i;
			}
			if (Double.isNaN(a[i])) fail(what + ": NaN at " + i);
		}
		if (at >= 0) fail(what + ": max violation at flat index " + at + ": expected " + e[at] + ", got " + a[at]);
		double maxAbs = 0;
		for (int i = 0; i < e.length; i++) maxAbs = Math.max(maxAbs, Math.abs(a[i] - e[i]));
		return maxAbs;
	}
}
