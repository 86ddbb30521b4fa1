package io.github.punetfiji.data;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;

/**
 * The voxel types a {@link Volume} may hold, with their NIfTI-1 datatype codes and the names used in
 * {@code ./punet info} output. Each maps to one ImgLib2 type ({@code uint8} ⇄ {@link UnsignedByteType},
 * {@code int8} ⇄ {@link ByteType}, {@code int16} ⇄ {@link ShortType}, {@code uint16} ⇄
 * {@link UnsignedShortType}, {@code int32} ⇄ {@link IntType}, {@code float32} ⇄
 * {@link net.imglib2.type.numeric.real.FloatType}, {@code float64} ⇄ {@link DoubleType}).
 */
public enum VoxelType {
	UINT8("uint8", 2, 1, new UnsignedByteType()), INT8("int8", 256, 1, new ByteType()), INT16("int16", 4, 2, new ShortType()), UINT16(
			"uint16", 512, 2, new UnsignedShortType()), INT32("int32", 8, 4, new IntType()), FLOAT32("float32", 16, 4,
					new net.imglib2.type.numeric.real.FloatType()), FLOAT64("float64", 64, 8, new DoubleType());

	/** The name used in JSON output and messages, as NumPy spells it. */
	public final String label;
	/** The NIfTI-1 {@code datatype} code. */
	public final int niftiCode;
	/** Bytes per voxel. */
	public final int bytes;
	private final RealType<?> type;

	VoxelType(String label, int niftiCode, int bytes, RealType<?> type) {
		this.label = label;
		this.niftiCode = niftiCode;
		this.bytes = bytes;
		this.type = type;
	}

	/** Whether values of this type are integers (labels may only have integer types). */
	public boolean isInteger() {
		return this != FLOAT32 && this != FLOAT64;
	}

	/**
	 * The voxel type of an ImgLib2 type; types outside the list (e.g. {@code LongType}, {@code BitType})
	 * are reported as {@link #FLOAT32}, the type they are written as.
	 */
	public static VoxelType of(RealType<?> t) {
		for (VoxelType v : values()) {
			if (v.type.getClass() == t.getClass()) return v;
		}
		return FLOAT32;
	}

	/** The voxel type of an image. */
	public static VoxelType of(RandomAccessibleInterval<? extends RealType<?>> image) {
		return of(image.getType());
	}

	/** The type with the given NIfTI code, or {@code null}. */
	public static VoxelType ofNiftiCode(int code) {
		for (VoxelType v : values()) {
			if (v.niftiCode == code) return v;
		}
		return null;
	}

	/** A new zero-filled array image of this type. */
	@SuppressWarnings({"rawtypes", "unchecked"})
	public <T extends RealType<T> & NativeType<T>> ArrayImg<T, ?> create(long... dims) {
		return switch (this) {
			case UINT8 -> (ArrayImg) ArrayImgs.unsignedBytes(dims);
			case INT8 -> (ArrayImg) ArrayImgs.bytes(dims);
			case INT16 -> (ArrayImg) ArrayImgs.shorts(dims);
			case UINT16 -> (ArrayImg) ArrayImgs.unsignedShorts(dims);
			case INT32 -> (ArrayImg) ArrayImgs.ints(dims);
			case FLOAT32 -> (ArrayImg) ArrayImgs.floats(dims);
			default -> (ArrayImg) ArrayImgs.doubles(dims);
		};
	}
}
