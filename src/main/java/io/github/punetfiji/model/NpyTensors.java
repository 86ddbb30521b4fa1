package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.punetfiji.io.NpyArray;

/** Conversions between NumPy arrays ({@link NpyArray}) and DJL {@link NDArray}s (float32 and int64). */
public final class NpyTensors {
	private NpyTensors() {}

	/** float32 (or int64 for integer dtypes) NDArray with the array's shape. */
	public static NDArray toNDArray(NDManager manager, NpyArray a) {
		Shape shape = new Shape(a.shape());
		switch (a.dtype()) {
			case INT64:
			case INT32:
			case INT16:
			case INT8:
			case UINT8:
			case BOOL:
				return manager.create(a.toLongs(), shape);
			default:
				return manager.create(a.toFloats(), shape);
		}
	}

	/** NDArray (float32/float64 → float32, integer → int64) to a NumPy array. */
	public static NpyArray toNpy(NDArray x) {
		long[] shape = x.getShape().getShape();
		DataType t = x.getDataType();
		if (t.isInteger() || t == DataType.BOOLEAN) {
			return NpyArray.ofLongs(shape, x.toType(DataType.INT64, false).toLongArray());
		}
		return NpyArray.ofFloats(shape, x.toType(DataType.FLOAT32, false).toFloatArray());
	}
}
