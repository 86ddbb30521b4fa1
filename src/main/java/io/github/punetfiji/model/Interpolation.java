package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Trilinear up-sampling ({@code nn.Upsample(mode='trilinear', align_corners=False)}) by integer factors
 * 1 or 2 per spatial axis, built from slices because DJL exposes no trilinear interpolation. For a
 * factor 2 the source of output {@code o} is {@code o/2 - 1/4} (clamped at the borders), so
 * {@code out[2i] = 3/4 x[i] + 1/4 x[i-1]} and {@code out[2i+1] = 3/4 x[i] + 1/4 x[i+1]}, with the
 * neighbour index clamped into the axis. Differentiable. Map {@code (B, C, H, W, D)}.
 */
public final class Interpolation {
	private Interpolation() {}

	public static NDArray upsample(NDArray x, int[] scale) {
		NDArray out = x;
		for (int k = 0; k < 3; k++) {
			if (scale[k] == 1) continue;
			if (scale[k] != 2) throw new IllegalArgumentException("only up-sampling factors 1 and 2 are supported, got " + scale[k]);
			out = twice(out, 2 + k);
		}
		return out;
	}

	private static NDArray twice(NDArray x, int axis) {
		long n = x.getShape().get(axis);
		NDArray prev = n == 1 ? x : NDArrays.concat(new NDList(slice(x, axis, 0, 1), slice(x, axis, 0, n - 1)), axis);
		NDArray next = n == 1 ? x : NDArrays.concat(new NDList(slice(x, axis, 1, n), slice(x, axis, n - 1, n)), axis);
		// NB: scalar operands as libtorch-owned arrays (see Constants): they are saved for backward.
		NDArray three = Constants.scalar(x.getManager(), 0.75);
		NDArray one = Constants.scalar(x.getManager(), 0.25);
		NDArray main = x.mul(three);
		NDArray even = main.add(prev.mul(one));
		NDArray odd = main.add(next.mul(one));
		long[] s = x.getShape().getShape().clone(); // NB: getShape() exposes the array's own dims
		s[axis] = 2 * n;
		return NDArrays.stack(new NDList(even, odd), axis + 1).reshape(s); // interleave along the axis
	}

	private static NDArray slice(NDArray x, int axis, long from, long to) {
		NDIndex idx = new NDIndex();
		for (int a = 0; a < axis; a++) idx.addAllDim();
		return x.get(idx.addSliceDim(from, to));
	}
}
