package io.github.punetfiji.train.views;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * MONAI {@code RandBiasField} (reference: {@code RandBiasFieldd(prob=0.1)} on every view, defaults
 * {@code degree=3, coeff_range=(0.0, 0.1)}): multiplies the image by {@code exp(f)} where
 * {@code f(x, y, z) = Σ c_ijk P_i(x) P_j(y) P_k(z)} over the Legendre polynomials with
 * {@code i + j + k <= degree} (20 terms for degree 3), each {@code c_ijk ~ U(coeff_range)}, on
 * coordinates {@code linspace(-1, 1, n)} per axis (a single slice sits at -1, as in NumPy).
 */
public final class BiasField implements Augmentation {
	/** {@code RandBiasFieldd(prob=0.1)}. */
	public static final double PROB = 0.1;
	/** MONAI default {@code degree=3}. */
	public static final int DEGREE = 3;
	/** MONAI default {@code coeff_range=(0.0, 0.1)}. */
	public static final double COEFF_MIN = 0.0, COEFF_MAX = 0.1;

	@Override
	public void apply(View v, SplittableRandom rng) {
		int[] d = v.dims;
		// NB: coefficients are drawn in MONAI's (i, j, k) loop order; exact RNG parity is not a goal.
		double[] coeff = new double[(DEGREE + 1) * (DEGREE + 1) * (DEGREE + 1)];
		for (int i = 0; i <= DEGREE; i++) {
			for (int j = 0; j <= DEGREE - i; j++) {
				for (int k = 0; k <= DEGREE - i - j; k++) {
					coeff[(i * (DEGREE + 1) + j) * (DEGREE + 1) + k] = Augmentation.uniform(rng, COEFF_MIN, COEFF_MAX);
				}
			}
		}
		double[][] px = legendre(d[0]), py = legendre(d[1]), pz = legendre(d[2]);
		int idx = 0;
		double[] zSum = new double[(DEGREE + 1) * (DEGREE + 1)];
		for (int x = 0; x < d[0]; x++) {
			for (int y = 0; y < d[1]; y++) {
				// Σ_ij P_i(x) P_j(y) Σ_k c_ijk P_k(z): the (i, j) part is per column.
				Arrays.fill(zSum, 0);
				for (int i = 0; i <= DEGREE; i++) {
					for (int j = 0; j <= DEGREE - i; j++) zSum[i * (DEGREE + 1) + j] = px[x][i] * py[y][j];
				}
				for (int z = 0; z < d[2]; z++, idx++) {
					double f = 0;
					for (int i = 0; i <= DEGREE; i++) {
						for (int j = 0; j <= DEGREE - i; j++) {
							double pij = zSum[i * (DEGREE + 1) + j];
							int base = (i * (DEGREE + 1) + j) * (DEGREE + 1);
							for (int k = 0; k <= DEGREE - i - j; k++) f += coeff[base + k] * pij * pz[z][k];
						}
					}
					v.image[idx] = (float) (v.image[idx] * Math.exp(f));
				}
			}
		}
	}

	/** {@code P_0..P_DEGREE} at {@code linspace(-1, 1, n)}: {@code [n][DEGREE+1]}. */
	static double[][] legendre(int n) {
		double[][] p = new double[n][DEGREE + 1];
		for (int i = 0; i < n; i++) {
			double t = n == 1 ? -1 : -1 + 2.0 * i / (n - 1);
			p[i][0] = 1;
			if (DEGREE >= 1) p[i][1] = t;
			for (int k = 2; k <= DEGREE; k++) p[i][k] = ((2 * k - 1) * t * p[i][k - 1] - (k - 1) * p[i][k - 2]) / k;
		}
		return p;
	}
}
