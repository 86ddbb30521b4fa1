package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.punetfiji.io.Npz;
import io.github.punetfiji.io.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the parity fixtures (see their README; bundled under {@code src/test/resources}, so a clean
 * clone always runs these tests) and compares arrays.
 */
final class ParityFixtures {
	private ParityFixtures() {}

	/** The arrays of one fixture archive, e.g. {@code losses.npz}. */
	static Map<String, NpyArray> load(String name) {
		Path file = io.github.punetfiji.Fixtures.DIR.resolve(name);
		assertTrue(Files.isRegularFile(file), "parity fixture not found: " + file);
		return Npz.read(file);
	}

	/**
	 * Runs a garbage collection and lets the cleaner thread free direct buffers. Called between forward and
	 * backward: DJL temporaries freed by the collector silently corrupt gradients (see {@code Constants}).
	 */
	static void collectGarbage() {
		System.gc();
		try {
			Thread.sleep(50);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	static NDArray floats(NDManager m, NpyArray a) {
		return m.create(a.toFloats(), new Shape(a.shape()));
	}

	static NDArray longs(NDManager m, NpyArray a) {
		return m.create(a.toLongs(), new Shape(a.shape()));
	}

	static long[][] matrix(NpyArray a) {
		long[] s = a.shape();
		long[] v = a.toLongs();
		long[][] out = new long[(int) s[0]][(int) s[1]];
		for (int i = 0; i < s[0]; i++) System.arraycopy(v, (int) (i * s[1]), out[i], 0, (int) s[1]);
		return out;
	}

	/** Largest |a − e| and largest |a − e| / |e| (over |e| > floor), as {@code {abs, rel}}. */
	static double[] errors(float[] actual, float[] expected, double floor) {
		assertEquals(expected.length, actual.length, "length");
		double abs = 0, rel = 0;
		for (int i = 0; i < expected.length; i++) {
			double d = Math.abs((double) actual[i] - expected[i]);
			abs = Math.max(abs, d);
			if (Math.abs(expected[i]) > floor) rel = Math.max(rel, d / Math.abs(expected[i]));
		}
		return new double[] {abs, rel};
	}

	/** Every element within {@code absTol + relTol·|e|}. */
	static void assertClose(String what, float[] actual, float[] expected, double relTol, double absTol) {
		assertEquals(expected.length, actual.length, what + ": length");
		for (int i = 0; i < expected.length; i++) {
			double tol = absTol + relTol * Math.abs(expected[i]);
			if (!(Math.abs((double) actual[i] - expected[i]) <= tol)) {
				assertArrayEquals(expected, actual, (float) tol, what + ": first mismatch at " + i);
			}
		}
	}
}
