package io.github.punetfiji.data.synth;

/**
 * A smooth random displacement field: a sum of a few separable products of cosines,
 * {@code d(p) = Σ_j a_j cos(kx_j x + φ) cos(ky_j y + ψ) cos(kz_j z + χ)}. The cosines are tabulated on
 * the sample grid's axes, so evaluating the field at a grid point costs a few multiplications.
 */
final class Warp {
	private final double[][] tx, ty, tz;
	private final double[][] amp;

	/**
	 * @param xs the sample coordinates along x in mm (likewise ys, zs)
	 * @param minWave shortest wavelength in mm
	 * @param maxWave longest wavelength in mm
	 * @param amplitude largest displacement per term and axis in mm
	 */
	Warp(Rng r, int terms, double minWave, double maxWave, double amplitude, double[] xs, double[] ys, double[] zs) {
		tx = new double[terms][];
		ty = new double[terms][];
		tz = new double[terms][];
		amp = new double[terms][3];
		for (int j = 0; j < terms; j++) {
			tx[j] = table(r, xs, minWave, maxWave);
			ty[j] = table(r, ys, minWave, maxWave);
			tz[j] = table(r, zs, minWave, maxWave);
			for (int c = 0; c < 3; c++) amp[j][c] = r.u(-amplitude, amplitude);
		}
	}

	private static double[] table(Rng r, double[] coords, double minWave, double maxWave) {
		double k = 2 * Math.PI / r.u(minWave, maxWave);
		double phase = r.u(0, 2 * Math.PI);
		double[] t = new double[coords.length];
		for (int i = 0; i < t.length; i++) t[i] = StrictMath.cos(k * coords[i] + phase);
		return t;
	}

	/** Adds the displacement at grid point (ix, iy, iz) to {@code out}. */
	void add(int ix, int iy, int iz, double[] out) {
		for (int j = 0; j < amp.length; j++) {
			double w = tx[j][ix] * ty[j][iy] * tz[j][iz];
			out[0] += w * amp[j][0];
			out[1] += w * amp[j][1];
			out[2] += w * amp[j][2];
		}
	}

	/** The largest displacement along any axis this field can produce, in mm. */
	double bound() {
		double m = 0;
		for (double[] a : amp) m += Math.max(Math.abs(a[0]), Math.max(Math.abs(a[1]), Math.abs(a[2])));
		return m;
	}
}
