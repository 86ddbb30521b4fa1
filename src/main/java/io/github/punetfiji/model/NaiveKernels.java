package io.github.punetfiji.model;

/**
 * Plain-Java loops for the operations whose native kernels {@link KernelCheck} verifies: convolution and
 * its two gradients, matrix products, softmax, layer and batch normalisation, trilinear up-sampling. Slow
 * and obvious on purpose (double accumulation, no blocking): they are the "other way" a result is computed.
 *
 * <p>Arrays are flat, row-major, in the network's layout: maps {@code (B, C, H, W, D)}, conv weights
 * {@code (O, I, kH, kW, kD)}. Padding is {@code (k-1)/2} per axis, as {@link Layers.Conv} uses.
 */
final class NaiveKernels {
	private NaiveKernels() {}

	/** A convolution's geometry: batch, channels in/out, input size, kernel and stride per axis (H, W, D). */
	record Conv(int b, int in, int out, int[] size, int[] kernel, int[] stride) {
		int outSize(int axis) {
			return (size[axis] + 2 * pad(axis) - kernel[axis]) / stride[axis] + 1;
		}

		int pad(int axis) {
			return (kernel[axis] - 1) / 2;
		}

		int inVolume() {
			return size[0] * size[1] * size[2];
		}

		int outVolume() {
			return outSize(0) * outSize(1) * outSize(2);
		}

		int kernelVolume() {
			return kernel[0] * kernel[1] * kernel[2];
		}

		@Override
		public String toString() {
			return "conv " + in + "→" + out + " " + size[0] + "×" + size[1] + "×" + size[2] + " k" + kernel[0] + "×" + kernel[1] + "×"
					+ kernel[2] + " s" + stride[0] + "×" + stride[1] + "×" + stride[2] + " batch " + b;
		}
	}

	/**
	 * The im2col index table: for sample {@code n}, output position {@code p} and column {@code j = (i, a, b, e)}
	 * (input channel, kernel offset), the flat input index, or -1 where the kernel reaches into the padding.
	 * Every loop below is a plain matrix product over this table.
	 */
	private static int[] columns(Conv c) {
		int oh = c.outSize(0), ow = c.outSize(1), od = c.outSize(2), k = c.in * c.kernelVolume(), p = c.outVolume();
		int[] s = c.size;
		int[] idx = new int[c.b * p * k];
		for (int n = 0; n < c.b; n++) for (int y = 0; y < oh; y++) for (int x = 0; x < ow; x++) for (int z = 0; z < od; z++) {
			int row = (n * p + (y * ow + x) * od + z) * k;
			for (int i = 0, j = 0; i < c.in; i++) {
				for (int a = 0; a < c.kernel[0]; a++) for (int bb = 0; bb < c.kernel[1]; bb++) for (int e = 0; e < c.kernel[2]; e++, j++) {
					int h = y * c.stride[0] - c.pad(0) + a, w = x * c.stride[1] - c.pad(1) + bb, d = z * c.stride[2] - c.pad(2) + e;
					boolean inside = h >= 0 && h < s[0] && w >= 0 && w < s[1] && d >= 0 && d < s[2];
					idx[row + j] = inside ? (((n * c.in + i) * s[0] + h) * s[1] + w) * s[2] + d : -1;
				}
			}
		}
		return idx;
	}

	/** Visits one (sample, output position, output channel): its im2col row offset and its flat output index. */
	private interface Row {
		void at(int row, int out, int channel);
	}

	/** Every (sample, output position, output channel) of a convolution; the im2col rows are {@code k} long. */
	private static void rows(Conv c, Row visit) {
		int k = c.in * c.kernelVolume(), p = c.outVolume();
		for (int n = 0; n < c.b; n++) for (int q = 0; q < p; q++) {
			for (int o = 0; o < c.out; o++) visit.at((n * p + q) * k, (n * c.out + o) * p + q, o);
		}
	}

	/** {@code y = conv(x, w) + bias}. */
	static double[] convForward(Conv c, float[] x, float[] w, float[] bias) {
		int[] idx = columns(c);
		int k = c.in * c.kernelVolume();
		double[] y = new double[c.b * c.out * c.outVolume()];
		rows(c, (row, out, o) -> {
			double s = bias[o];
			for (int j = 0; j < k; j++) {
				int xi = idx[row + j];
				if (xi >= 0) s += (double) x[xi] * w[o * k + j];
			}
			y[out] = s;
		});
		return y;
	}

	/** The gradient of {@code sum(g * conv(x, w))} with respect to {@code x}. */
	static double[] convGradInput(Conv c, float[] w, float[] g) {
		int[] idx = columns(c);
		int k = c.in * c.kernelVolume();
		double[] gx = new double[c.b * c.in * c.inVolume()];
		rows(c, (row, out, o) -> {
			for (int j = 0; j < k; j++) {
				int xi = idx[row + j];
				if (xi >= 0) gx[xi] += (double) g[out] * w[o * k + j];
			}
		});
		return gx;
	}

	/** The gradient of {@code sum(g * conv(x, w))} with respect to {@code w}. */
	static double[] convGradWeight(Conv c, float[] x, float[] g) {
		int[] idx = columns(c);
		int k = c.in * c.kernelVolume();
		double[] gw = new double[c.out * k];
		rows(c, (row, out, o) -> {
			for (int j = 0; j < k; j++) {
				int xi = idx[row + j];
				if (xi >= 0) gw[o * k + j] += (double) g[out] * x[xi];
			}
		});
		return gw;
	}

	/** Batched {@code a (n, r, k) @ b (n, k, c)}. */
	static double[] matMul(float[] a, float[] b, int n, int r, int k, int c) {
		double[] y = new double[n * r * c];
		for (int m = 0; m < n; m++) for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) {
			double s = 0;
			for (int t = 0; t < k; t++) s += (double) a[(m * r + i) * k + t] * b[(m * k + t) * c + j];
			y[(m * r + i) * c + j] = s;
		}
		return y;
	}

	/** Softmax over the last axis of rows of length {@code n}. */
	static double[] softmax(float[] x, int n) {
		double[] y = new double[x.length];
		for (int r = 0; r < x.length / n; r++) {
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int i = 0; i < n; i++) max = Math.max(max, x[r * n + i]);
			for (int i = 0; i < n; i++) sum += y[r * n + i] = Math.exp(x[r * n + i] - max);
			for (int i = 0; i < n; i++) y[r * n + i] /= sum;
		}
		return y;
	}

	/** Layer normalisation over the last axis (rows of {@code n}), eps 1e-5, then {@code * gamma + beta}. */
	static double[] layerNorm(float[] x, int n, float[] gamma, float[] beta) {
		double[] y = new double[x.length];
		for (int r = 0; r < x.length / n; r++) {
			double mean = 0, var = 0;
			for (int i = 0; i < n; i++) mean += x[r * n + i];
			mean /= n;
			for (int i = 0; i < n; i++) var += (x[r * n + i] - mean) * (x[r * n + i] - mean);
			double inv = 1 / Math.sqrt(var / n + 1e-5);
			for (int i = 0; i < n; i++) y[r * n + i] = (x[r * n + i] - mean) * inv * gamma[i] + beta[i];
		}
		return y;
	}

	/** Batch normalisation with batch statistics (training mode) of {@code (B, C, V)}, eps 1e-5. */
	static double[] batchNormTraining(float[] x, int b, int c, int v, float[] gamma, float[] beta) {
		double[] y = new double[x.length];
		for (int ch = 0; ch < c; ch++) {
			double mean = 0, var = 0;
			for (int n = 0; n < b; n++) for (int i = 0; i < v; i++) mean += x[(n * c + ch) * v + i];
			mean /= (double) b * v;
			for (int n = 0; n < b; n++) for (int i = 0; i < v; i++) var += Math.pow(x[(n * c + ch) * v + i] - mean, 2);
			double inv = 1 / Math.sqrt(var / ((double) b * v) + 1e-5);
			for (int n = 0; n < b; n++) for (int i = 0; i < v; i++) {
				y[(n * c + ch) * v + i] = (x[(n * c + ch) * v + i] - mean) * inv * gamma[ch] + beta[ch];
			}
		}
		return y;
	}

	/**
	 * Trilinear up-sampling by 2 on every spatial axis ({@code align_corners=False}) of {@code (M, H, W, D)}
	 * (M = batch × channels): output {@code o} samples {@code o/2 - 1/4}, clamped into the axis.
	 */
	static double[] upsample2(float[] x, int m, int h, int w, int d) {
		double[] y = new double[m * 8 * h * w * d];
		for (int q = 0; q < m; q++) for (int i = 0; i < 2 * h; i++) for (int j = 0; j < 2 * w; j++) for (int k = 0; k < 2 * d; k++) {
			double s = 0;
			for (int[] ci : corners(i, h)) for (int[] cj : corners(j, w)) for (int[] ck : corners(k, d)) {
				s += ci[1] / 4.0 * cj[1] / 4.0 * ck[1] / 4.0 * x[((q * h + ci[0]) * w + cj[0]) * d + ck[0]];
			}
			y[((q * 2 * h + i) * 2 * w + j) * 2 * d + k] = s;
		}
		return y;
	}

	/** The two source indices of up-sampled index {@code o} on an axis of {@code n}, with weights in quarters. */
	private static int[][] corners(int o, int n) {
		int i = o / 2;
		int other = o % 2 == 0 ? Math.max(i - 1, 0) : Math.min(i + 1, n - 1);
		return new int[][] {{i, 3}, {other, 1}};
	}
}
