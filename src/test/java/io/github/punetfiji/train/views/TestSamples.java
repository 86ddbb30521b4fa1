package io.github.punetfiji.train.views;

import java.util.function.DoubleBinaryOperator;

/** Synthetic samples for the view tests. */
final class TestSamples {
	private TestSamples() {}

	/** Value as a function of the centred position {@code (gx, gy, gz)} of a voxel. */
	interface Field {
		double at(double gx, double gy, double gz);
	}

	/** A smooth, position-encoding field (non-linear, so interpolation error is visible but small). */
	static final Field SMOOTH = (x, y, z) -> Math.sin(0.05 * x) + Math.cos(0.07 * y) + 0.3 * z;

	/** A linear field: bilinear interpolation reproduces it exactly. */
	static final Field LINEAR = (x, y, z) -> 0.01 * x - 0.02 * y + 0.5 * z;

	/** A sample whose image is {@code f} of the centred voxel position; labels from {@code label(x, y)}. */
	static Sample field(String name, int[] dims, Field f, DoubleBinaryOperator label) {
		int n = dims[0] * dims[1] * dims[2];
		float[] im = new float[n];
		byte[] l = label == null ? null : new byte[n];
		int i = 0;
		for (int x = 0; x < dims[0]; x++) {
			for (int y = 0; y < dims[1]; y++) {
				for (int z = 0; z < dims[2]; z++, i++) {
					im[i] = (float) f.at(x - (dims[0] - 1) / 2.0, y - (dims[1] - 1) / 2.0, z - (dims[2] - 1) / 2.0);
					if (l != null) l[i] = (byte) label.applyAsDouble(x, y);
				}
			}
		}
		return Sample.of(name, dims, im, l);
	}

	/** Labels 0/1/2 in three vertical bands. */
	static Sample bands(String name, int[] dims) {
		return field(name, dims, SMOOTH, (x, y) -> x < dims[0] / 3 ? 0 : x < 2 * dims[0] / 3 ? 1 : 2);
	}

	/** Largest |image - f(grid)| over a view. */
	static double gridError(View v, Field f) {
		int n = v.size();
		double worst = 0;
		for (int i = 0; i < n; i++) {
			double want = f.at(v.grid[i], v.grid[n + i], v.grid[2 * n + i]);
			worst = Math.max(worst, Math.abs(v.image[i] - want));
		}
		return worst;
	}
}
