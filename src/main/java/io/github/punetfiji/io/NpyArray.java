package io.github.punetfiji.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One array of a NumPy {@code .npy} file: its dtype, shape (C order) and values. Independent of DJL so
 * that the data and io layers can use it; {@code model.Tensors} turns it into an {@code NDArray}.
 * Supported dtypes: {@code float32, float64, int64, int32, int16, uint8, int8, bool}.
 */
public final class NpyArray {
	/** NumPy dtypes this project reads and writes. */
	public enum DType {
		FLOAT32("f4", 4), FLOAT64("f8", 8), INT64("i8", 8), INT32("i4", 4), INT16("i2", 2), UINT8("u1", 1), INT8("i1", 1), BOOL("b1", 1);

		public final String code;
		public final int bytes;

		DType(String code, int bytes) {
			this.code = code;
			this.bytes = bytes;
		}
	}

	private final DType dtype;
	private final long[] shape;
	private final ByteBuffer data; // little endian, C order

	NpyArray(DType dtype, long[] shape, ByteBuffer data) {
		this.dtype = dtype;
		this.shape = shape.clone();
		this.data = data.order(ByteOrder.LITTLE_ENDIAN);
	}

	public static NpyArray ofFloats(long[] shape, float[] values) {
		check(shape, values.length);
		ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(values);
		return new NpyArray(DType.FLOAT32, shape, b);
	}

	public static NpyArray ofLongs(long[] shape, long[] values) {
		check(shape, values.length);
		ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		b.asLongBuffer().put(values);
		return new NpyArray(DType.INT64, shape, b);
	}

	private static void check(long[] shape, int n) {
		if (size(shape) != n) {
			throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + n + " values");
		}
	}

	public static long size(long[] shape) {
		long n = 1;
		for (long s : shape) n *= s;
		return n;
	}

	public DType dtype() {
		return dtype;
	}

	public long[] shape() {
		return shape.clone();
	}

	public long size() {
		return size(shape);
	}

	/** The raw little-endian bytes (read-only view). */
	public ByteBuffer bytes() {
		return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
	}

	/** All values as float32 (integer and float64 values are converted). */
	public float[] toFloats() {
		int n = Math.toIntExact(size());
		float[] out = new float[n];
		ByteBuffer b = bytes();
		for (int i = 0; i < n; i++) {
			out[i] = (float) value(b, i);
		}
		return out;
	}

	/** All values as double. */
	public double[] toDoubles() {
		int n = Math.toIntExact(size());
		double[] out = new double[n];
		ByteBuffer b = bytes();
		for (int i = 0; i < n; i++) {
			out[i] = value(b, i);
		}
		return out;
	}

	/** All values as long (float values are truncated). */
	public long[] toLongs() {
		int n = Math.toIntExact(size());
		long[] out = new long[n];
		ByteBuffer b = bytes();
		for (int i = 0; i < n; i++) {
			out[i] = dtype == DType.INT64 ? b.getLong(i * 8) : (long) value(b, i);
		}
		return out;
	}

	private double value(ByteBuffer b, int i) {
		switch (dtype) {
			case FLOAT32:
				return b.getFloat(i * 4);
			case FLOAT64:
				return b.getDouble(i * 8);
			case INT64:
				return b.getLong(i * 8);
			case INT32:
				return b.getInt(i * 4);
			case INT16:
				return b.getShort(i * 2);
			case UINT8:
				return b.get(i) & 0xff;
			case INT8:
				return b.get(i);
			case BOOL:
				return b.get(i) != 0 ? 1 : 0;
			default:
				throw new IllegalStateException(dtype.toString());
		}
	}

	@Override
	public String toString() {
		return dtype.name().toLowerCase() + Arrays.toString(shape);
	}
}
