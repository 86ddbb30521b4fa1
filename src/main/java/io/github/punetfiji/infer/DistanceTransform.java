package io.github.punetfiji.infer;

/**
 * Exact Euclidean distance transform with anisotropic spacing: the separable lower-envelope algorithm
 * of Felzenszwalb and Huttenlocher ("Distance Transforms of Sampled Functions", 2012), one 1D pass per
 * axis. Arrays are flat in ImgLib2 order ({@code i = x + X·(y + Y·z)}).
 */
final class DistanceTransform {
	private DistanceTransform() {}

	/**
	 * Squared distances (mm²) from every voxel to the nearest feature voxel; {@code +∞} everywhere if
	 * there is none.
	 *
	 * @param feature true at feature voxels
	 * @param dims {@code [X, Y, Z]}
	 * @param spacing voxel spacing in mm
	 */
	static double[] squared(boolean[] feature, int[] dims, double[] spacing) {
		double[] d = new double[feature.length];
		for (int i = 0; i < d.length; i++) d[i] = feature[i] ? 0 : Double.POSITIVE_INFINITY;
		int nMax = Math.max(dims[0], Math.max(dims[1], dims[2]));
		double[] f = new double[nMax];
		double[] out = new double[nMax];
		int[] v = new int[nMax];
		double[] z = new double[nMax + 1];
		int[] stride = {1, dims[0], dims[0] * dims[1]};
		for (int axis = 0; axis < 3; axis++) {
			int n = dims[axis];
			int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
			for (int j = 0; j < dims[a1]; j++) {
				for (int k = 0; k < dims[a2]; k++) {
					int base = j * stride[a1] + k * stride[a2];
					for (int q = 0; q < n; q++) f[q] = d[base + q * stride[axis]];
					line(f, n, spacing[axis], out, v, z);
					for (int q = 0; q < n; q++) d[base + q * stride[axis]] = out[q];
				}
			}
		}
		return d;
	}

	/** 1D squared distance transform of the sampled function f (∞ = no feature) at positions {@code q·s}. */
	private static void line(double[] f, int n, double s, double[] out, int[] v, double[] z) {
		int k = -1;
		for (int q = 0; q < n; q++) {
			if (f[q] == Double.POSITIVE_INFINITY) continue;
			double pq = q * s;
			while (k >= 0) {
				double pv = v[k] * s;
				double cross = ((f[q] + pq * pq) - (f[v[k]] + pv * pv)) / (2 * (pq - pv));
				if (cross > z[k]) {
					k++;
					v[k] = q;
					z[k] = cross;
					break;
				}
				k--;
			}
			if (k < 0) {
				k = 0;
				v[0] = q;
				z[0] = Double.NEGATIVE_INFINITY;
			}
		}
		if (k < 0) {
			java.util.Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
			return;
		}
		int last = k;
		k = 0;
		for (int q = 0; q < n; q++) {
			double pq = q * s;
			while (k < last && z[k + 1] < pq) k++;
			double dv = pq - v[k] * s;
			out[q] = dv * dv + f[v[k]];
		}
	}
}
