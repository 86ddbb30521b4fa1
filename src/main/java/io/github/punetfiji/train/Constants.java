package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Host values turned into NDArrays that may safely take part in an autograd graph. */
final class Constants {
	private Constants() {}

	/**
	 * A float32 array holding {@code values}, owned by libtorch.
	 *
	 * <p>NB: {@code NDManager.create(float[])} wraps a direct buffer that DJL frees when the array is
	 * closed; if the array was saved for backward (the other operand of a product), a later
	 * {@code backward} silently reads freed memory (measured: zero gradients). A libtorch-side copy
	 * survives closing the Java handle, so intermediates may be released early.
	 */
	static NDArray floats(NDManager manager, float[] values, Shape shape) {
		try (NDArray wrapped = manager.create(values, shape)) {
			return wrapped.duplicate();
		}
	}

	/** An int64 array holding {@code values}, owned by libtorch (see {@link #floats}). */
	static NDArray longs(NDManager manager, long[] values, Shape shape) {
		try (NDArray wrapped = manager.create(values, shape)) {
			return wrapped.duplicate();
		}
	}
}
