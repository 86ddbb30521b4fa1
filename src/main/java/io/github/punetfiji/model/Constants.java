package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Host values turned into NDArrays that may safely take part in an autograd graph.
 *
 * <p>NB (measured on DJL 0.36 / libtorch 2.7.1 CPU): {@code NDManager.create(...)} wraps a direct buffer
 * that DJL no longer references once the array is closed, and {@code NDArray.mul(Number)},
 * {@code div(Number)} and {@code pow(Number)} go through such a temporary. When the operation saves that
 * operand for backward and a garbage collection runs before {@code backward}, the gradient is computed
 * from freed memory (zeros, denormals or infinities, no error). Operands that backward needs therefore
 * come from here: libtorch-owned copies, which survive closing and collection.
 */
public final class Constants {
	private Constants() {}

	/** A float32 array holding {@code values}, owned by libtorch. */
	public static NDArray floats(NDManager manager, float[] values, Shape shape) {
		try (NDArray wrapped = manager.create(values, shape)) {
			return wrapped.duplicate();
		}
	}

	/** A float32 scalar owned by libtorch: use {@code x.mul(scalar(m, v))}, not {@code x.mul(v)}, on a gradient path. */
	public static NDArray scalar(NDManager manager, double value) {
		return manager.full(new Shape(), (float) value);
	}

	/**
	 * Concatenation that keeps the autograd graph for a single part. NB: DJL's {@code NDArrays.concat}
	 * of one array returns a detached copy, which silently cuts gradients.
	 */
	public static NDArray concat(ai.djl.ndarray.NDList parts, int axis) {
		return parts.size() == 1 ? parts.head() : ai.djl.ndarray.NDArrays.concat(parts, axis);
	}

	/**
	 * Runs {@code body} in its own {@link ai.djl.ndarray.NDScope}: every array it creates is closed on return
	 * except the result, which is handed to the caller's scope. Without it, DJL keeps every intermediate of a
	 * forward until the manager closes (gigabytes for a 256² window); autograd keeps what backward needs by
	 * itself, so closing the Java handles is safe in training too. With {@code keepAll} (recording
	 * intermediates) nothing is closed.
	 */
	public static NDArray scoped(boolean keepAll, java.util.function.Supplier<NDArray> body) {
		if (keepAll) return body.get();
		NDArray out;
		try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
			out = body.get();
			ai.djl.ndarray.NDScope.unregister(out);
		}
		ai.djl.ndarray.NDScope.register(out);
		return out;
	}

	/** Stacking that keeps the autograd graph for a single part (see {@link #concat}). */
	public static NDArray stack(ai.djl.ndarray.NDList parts, int axis) {
		return parts.size() == 1 ? parts.head().expandDims(axis) : ai.djl.ndarray.NDArrays.stack(parts, axis);
	}

	/** An int64 array holding {@code values}, owned by libtorch (see {@link #floats}). */
	public static NDArray longs(NDManager manager, long[] values, Shape shape) {
		try (NDArray wrapped = manager.create(values, shape)) {
			return wrapped.duplicate();
		}
	}
}
