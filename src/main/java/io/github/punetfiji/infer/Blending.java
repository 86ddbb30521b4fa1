package io.github.punetfiji.infer;

/**
 * How overlapping window outputs are blended (MONAI's {@code BlendMode}): each window's output is
 * weighted by an importance map, summed, and divided by the summed weights.
 */
public enum Blending {
	/** Equal weights: a plain average of the overlapping windows (MONAI's and the reference's default). */
	CONSTANT,
	/**
	 * A separable Gaussian centred at {@code (n − 1)/2} per axis with σ = 0.125·n, weights clamped below at
	 * {@code max(min, 0.001)} (MONAI's {@code compute_importance_map(mode="gaussian", sigma_scale=0.125)}).
	 */
	GAUSSIAN;

	/** σ as a fraction of the window size. */
	public static final double SIGMA_SCALE = 0.125;

	/**
	 * The importance map of a window, in tensor order: {@code w[(x * Y + y) * Z + z]}.
	 *
	 * @param window {@code [X, Y, Z]}
	 */
	public float[] importance(int[] window) {
		int nx = window[0], ny = window[1], nz = window[2];
		float[] w = new float[nx * ny * nz];
		if (this == CONSTANT) {
			java.util.Arrays.fill(w, 1f);
			return w;
		}
		float[] gx = gauss(nx), gy = gauss(ny), gz = gauss(nz);
		float min = Float.MAX_VALUE;
		for (int x = 0; x < nx; x++) {
			for (int y = 0; y < ny; y++) {
				for (int z = 0; z < nz; z++) {
					float v = gx[x] * gy[y] * gz[z];
					w[(x * ny + y) * nz + z] = v;
					min = Math.min(min, v);
				}
			}
		}
		float floor = Math.max(min, 1e-3f);
		for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], floor);
		return w;
	}

	private static float[] gauss(int n) {
		double sigma = SIGMA_SCALE * n;
		float[] g = new float[n];
		for (int i = 0; i < n; i++) {
			double d = i - (n - 1) / 2.0;
			g[i] = (float) Math.exp(d * d / (-2 * sigma * sigma));
		}
		return g;
	}
}
