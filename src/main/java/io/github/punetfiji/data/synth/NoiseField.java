package io.github.punetfiji.data.synth;

/**
 * Correlated Gaussian noise on the voxel grid (white noise blurred by a separable Gaussian of a given
 * width in mm), scaled to unit variance. Used for organ textures, vessel networks and bowel loops.
 */
final class NoiseField {
	private NoiseField() {}

	/** A unit-variance field of correlation length {@code sigmaMm} on an {@code nx·ny·nz} grid (x fastest). */
	static float[] make(Rng r, int nx, int ny, int nz, double[] spacing, double sigmaMm) {
		float[] f = new float[nx * ny * nz];
		for (int i = 0; i < f.length; i++) f[i] = (float) r.gauss();
		double gain = 1;
		int[] n = {nx, ny, nz};
		int[] stride = {1, nx, nx * ny};
		for (int axis = 0; axis < 3; axis++) {
			float[] k = kernel(sigmaMm / spacing[axis]);
			if (k.length == 1) continue;
			double sq = 0;
			for (float v : k) sq += v * v;
			gain *= sq;
			blur(f, n, stride, axis, k);
		}
		float scale = (float) (1 / Math.sqrt(gain));
		for (int i = 0; i < f.length; i++) f[i] *= scale;
		return f;
	}

	private static float[] kernel(double sigma) {
		if (sigma < 0.3) return new float[] {1f};
		int rad = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * rad + 1];
		double sum = 0;
		for (int i = -rad; i <= rad; i++) {
			double v = StrictMath.exp(-0.5 * i * i / (sigma * sigma));
			k[i + rad] = (float) v;
			sum += v;
		}
		for (int i = 0; i < k.length; i++) k[i] = (float) (k[i] / sum);
		return k;
	}

	/** Blurs along one axis; the edges are mirrored. */
	private static void blur(float[] f, int[] n, int[] stride, int axis, float[] k) {
		int len = n[axis];
		int st = stride[axis];
		int rad = k.length / 2;
		float[] line = new float[len];
		int a1 = axis == 0 ? 1 : 0;
		int a2 = axis == 2 ? 1 : 2;
		for (int j = 0; j < n[a2]; j++) {
			for (int i = 0; i < n[a1]; i++) {
				int base = i * stride[a1] + j * stride[a2];
				for (int t = 0; t < len; t++) line[t] = f[base + t * st];
				for (int t = 0; t < len; t++) {
					float acc = 0;
					for (int o = -rad; o <= rad; o++) acc += k[o + rad] * line[mirror(t + o, len)];
					f[base + t * st] = acc;
				}
			}
		}
	}

	private static int mirror(int i, int len) {
		if (len == 1) return 0;
		int period = 2 * (len - 1);
		i = Math.floorMod(i, period);
		return i < len ? i : period - i;
	}
}
