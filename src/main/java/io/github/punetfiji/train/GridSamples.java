package io.github.punetfiji.train;

import io.github.punetfiji.model.Constants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Resampling of {@code [B, C, H, W, D]} maps to a smaller grid the way the reference does it:
 * {@code F.grid_sample(x, F.affine_grid(identity, [1, 1, h, w, d], align_corners=False),
 * mode='bilinear', padding_mode='reflection', align_corners=False)}. With an identity affine grid this
 * is separable: output index {@code k} of an axis samples input coordinate
 * {@code ((2k+1)/m·n − 1)/2} (voxel centres), linearly interpolated.
 *
 * <p>Two implementations share the same per-axis source coordinates:
 * <ul>
 * <li>{@link #sampleHost}: float32 on the host, reproducing PyTorch's operation order (linspace,
 * un-normalisation, reflection, eight-corner accumulation), for coordinate grids whose values are compared
 * for ties (nearest teacher voxel);</li>
 * <li>{@link #sample}: differentiable, as one matrix product per axis, for embeddings.</li>
 * </ul>
 *
 * <p>Dimension letters: B batch, C channels, H/W/D input spatial axes, h/w/d output spatial axes.
 */
final class GridSamples {
	private GridSamples() {}

	/**
	 * Source coordinate, in input voxels, of every output index along one axis, in float32 as PyTorch
	 * 1.13 computes it: {@code linspace(-1, 1, m)·(m−1)/m}, then {@code ((c+1)·n − 1)/2}, then reflection
	 * about −0.5 and n−0.5, then clipping to [0, n−1].
	 */
	static float[] sourceCoordinates(int inSize, int outSize) {
		float[] base = linspaceFromNegOne(outSize);
		float[] out = new float[outSize];
		for (int k = 0; k < outSize; k++) {
			float c = ((base[k] + 1f) * inSize - 1f) / 2f;
			out[k] = clip(reflect(c, -1, 2 * inSize - 1), inSize);
		}
		return out;
	}

	// NB: the scalar branch of at::linspace; PyTorch vectorises lengths >= 16 (AVX2), which can differ by
	// an ulp. Only exact coordinate ties care, and they do not occur at those sizes in the fixtures.
	private static float[] linspaceFromNegOne(int steps) {
		if (steps <= 1) return new float[] {0f};
		float step = 2f / (steps - 1);
		int halfway = steps / 2;
		float[] r = new float[steps];
		for (int i = 0; i < steps; i++) {
			r[i] = i < halfway ? -1f + step * i : 1f - step * (steps - i - 1);
			r[i] = r[i] * (steps - 1) / steps; // range * (n-1) / n, two float ops
		}
		return r;
	}

	private static float reflect(float in, int twiceLow, int twiceHigh) {
		if (twiceLow == twiceHigh) return 0f;
		float min = twiceLow / 2f;
		float span = (twiceHigh - twiceLow) / 2f;
		in = Math.abs(in - min);
		float extra = in % span; // std::fmod
		int flips = (int) Math.floor(in / span);
		return flips % 2 == 0 ? extra + min : span - extra + min;
	}

	private static float clip(float in, int size) {
		return Math.min(size - 1, Math.max(in, 0f));
	}

	/**
	 * Row-major {@code [m, n]} interpolation matrix of one axis: row k holds the two linear weights of
	 * output index k (corners outside [0, n) are dropped, as grid_sample does).
	 */
	static float[] axisMatrix(int inSize, int outSize) {
		float[] src = sourceCoordinates(inSize, outSize);
		float[] m = new float[outSize * inSize];
		for (int k = 0; k < outSize; k++) {
			int lo = (int) Math.floor(src[k]);
			m[k * inSize + lo] += (lo + 1) - src[k];
			if (lo + 1 < inSize) m[k * inSize + lo + 1] += src[k] - lo;
		}
		return m;
	}

	private static boolean isIdentity(float[] m, int n) {
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				if (m[i * n + j] != (i == j ? 1f : 0f)) return false;
			}
		}
		return true;
	}

	/**
	 * Differentiable resampling of {@code x [B, C, H, W, D]} to {@code [B, C, h, w, d]}; the intermediates
	 * and matrices are created in {@code x}'s manager.
	 */
	static NDArray sample(NDArray x, long[] outSpatial) {
		Shape s = x.getShape();
		long b = s.get(0), c = s.get(1);
		long[] in = {s.get(2), s.get(3), s.get(4)};
		NDManager manager = x.getManager();
		NDArray y = x;
		// Depth first: rows (B*C*H*W, D) times M_d^T.
		float[] md = axisMatrix((int) in[2], (int) outSpatial[2]);
		if (!(in[2] == outSpatial[2] && isIdentity(md, (int) in[2]))) {
			NDArray m = Constants.floats(manager, md, new Shape(outSpatial[2], in[2]));
			y = y.reshape(b * c * in[0] * in[1], in[2]).matMul(m.transpose()); // (B*C*H*W, d)
		}
		float[] mw = axisMatrix((int) in[1], (int) outSpatial[1]);
		if (!(in[1] == outSpatial[1] && isIdentity(mw, (int) in[1]))) {
			NDArray m = Constants.floats(manager, mw, new Shape(outSpatial[1], in[1]));
			y = m.matMul(y.reshape(b * c * in[0], in[1], outSpatial[2])); // (B*C*H, w, d)
		}
		float[] mh = axisMatrix((int) in[0], (int) outSpatial[0]);
		if (!(in[0] == outSpatial[0] && isIdentity(mh, (int) in[0]))) {
			NDArray m = Constants.floats(manager, mh, new Shape(outSpatial[0], in[0]));
			y = m.matMul(y.reshape(b * c, in[0], outSpatial[1] * outSpatial[2])); // (B*C, h, w*d)
		}
		return y.reshape(b, c, outSpatial[0], outSpatial[1], outSpatial[2]); // (B, C, h, w, d)
	}

	/**
	 * Host resampling of a row-major {@code [B, C, H, W, D]} float array, bit-compatible with PyTorch's
	 * CPU {@code grid_sampler_3d}: weights are products of three float factors and the eight corners are
	 * accumulated in PyTorch's order.
	 *
	 * @param shape {@code {B, C, H, W, D}}
	 * @return {@code [B, C, h, w, d]}, row-major
	 */
	static float[] sampleHost(float[] x, int[] shape, int[] outSpatial) {
		int nb = shape[0], nc = shape[1], nh = shape[2], nw = shape[3], nd = shape[4];
		int oh = outSpatial[0], ow = outSpatial[1], od = outSpatial[2];
		float[] sh = sourceCoordinates(nh, oh), sw = sourceCoordinates(nw, ow), sd = sourceCoordinates(nd, od);
		float[] out = new float[nb * nc * oh * ow * od];
		// PyTorch's axes: z = our H, y = our W, x = our D; corners in the order t/b (z), n/s (y), w/e (x).
		for (int i = 0; i < oh; i++) {
			int z0 = (int) Math.floor(sh[i]);
			for (int j = 0; j < ow; j++) {
				int y0 = (int) Math.floor(sw[j]);
				for (int k = 0; k < od; k++) {
					int x0 = (int) Math.floor(sd[k]);
					int[] zi = new int[8], yi = new int[8], xi = new int[8];
					float[] wt = new float[8];
					int n = 0;
					for (int dz = 0; dz < 2; dz++) {
						for (int dy = 0; dy < 2; dy++) {
							for (int dx = 0; dx < 2; dx++) {
								float wx = dx == 0 ? (x0 + 1) - sd[k] : sd[k] - x0;
								float wy = dy == 0 ? (y0 + 1) - sw[j] : sw[j] - y0;
								float wz = dz == 0 ? (z0 + 1) - sh[i] : sh[i] - z0;
								zi[n] = z0 + dz;
								yi[n] = y0 + dy;
								xi[n] = x0 + dx;
								wt[n++] = wx * wy * wz;
							}
						}
					}
					for (int bc = 0; bc < nb * nc; bc++) {
						float acc = 0f;
						for (int q = 0; q < 8; q++) {
							if (zi[q] < nh && yi[q] < nw && xi[q] < nd) {
								acc += x[((bc * nh + zi[q]) * nw + yi[q]) * nd + xi[q]] * wt[q];
							}
						}
						out[((bc * oh + i) * ow + j) * od + k] = acc;
					}
				}
			}
		}
		return out;
	}
}
