package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Voxel data of NIfTI files: raw bytes (x fastest, then y, then z — the flat order of an ImgLib2
 * {@link ArrayImg}) ⇄ array images. Reads in chunks of 1 MiB so that no second full-size buffer is
 * needed.
 */
final class NiftiVoxels {
	private static final int CHUNK = 1 << 20; // a multiple of every voxel size

	private NiftiVoxels() {}

	/** Bytes per voxel of a readable datatype code, or 0 if it cannot be read. */
	static int bytesPerVoxel(int code) {
		VoxelType t = VoxelType.ofNiftiCode(code);
		if (t != null) return t.bytes;
		if (code == 768) return 4; // uint32
		if (code == 1024 || code == 1280) return 8; // int64, uint64
		return 0;
	}

	/**
	 * Reads {@code n} voxels of datatype {@code code}. {@code uint32}, {@code int64} and {@code uint64}
	 * become {@code int32} when every value fits (label images saved from NumPy are often int64).
	 */
	static ArrayImg<?, ?> read(DataInputStream in, int code, ByteOrder order, long[] dims, String what) throws IOException {
		int n = (int) (dims[0] * dims[1] * dims[2]);
		VoxelType t = VoxelType.ofNiftiCode(code);
		int width = bytesPerVoxel(code);
		Object dst;
		if (t == null) dst = new int[n];
		else if (t == VoxelType.UINT8 || t == VoxelType.INT8) dst = new byte[n];
		else if (t == VoxelType.INT16 || t == VoxelType.UINT16) dst = new short[n];
		else if (t == VoxelType.INT32) dst = new int[n];
		else if (t == VoxelType.FLOAT32) dst = new float[n];
		else dst = new double[n];
		byte[] chunk = new byte[CHUNK];
		long total = (long) n * width;
		int pos = 0;
		for (long done = 0; done < total;) {
			int len = (int) Math.min(CHUNK, total - done);
			in.readFully(chunk, 0, len);
			ByteBuffer b = ByteBuffer.wrap(chunk, 0, len).order(order);
			int count = len / width;
			if (dst instanceof byte[]) b.get((byte[]) dst, pos, count);
			else if (dst instanceof short[]) b.asShortBuffer().get((short[]) dst, pos, count);
			else if (dst instanceof float[]) b.asFloatBuffer().get((float[]) dst, pos, count);
			else if (dst instanceof double[]) b.asDoubleBuffer().get((double[]) dst, pos, count);
			else if (t != null) b.asIntBuffer().get((int[]) dst, pos, count);
			else narrow(b, code, (int[]) dst, pos, count, what);
			pos += count;
			done += len;
		}
		return switch (t == null ? VoxelType.INT32 : t) {
			case UINT8 -> ArrayImgs.unsignedBytes((byte[]) dst, dims);
			case INT8 -> ArrayImgs.bytes((byte[]) dst, dims);
			case INT16 -> ArrayImgs.shorts((short[]) dst, dims);
			case UINT16 -> ArrayImgs.unsignedShorts((short[]) dst, dims);
			case INT32 -> ArrayImgs.ints((int[]) dst, dims);
			case FLOAT32 -> ArrayImgs.floats((float[]) dst, dims);
			default -> ArrayImgs.doubles((double[]) dst, dims);
		};
	}

	private static void narrow(ByteBuffer b, int code, int[] dst, int pos, int count, String what) {
		for (int i = 0; i < count; i++) {
			long v = code == 768 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
			if ((code == 1280 && v < 0) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
				throw new PunetException(what + " holds " + NiftiHeader.datatypeName(code) + " value "
						+ (code == 1280 ? Long.toUnsignedString(v) : Long.toString(v))
						+ ", outside the int32 range this plugin supports; save it as int32 or float32");
			}
			dst[pos + i] = (int) v;
		}
	}

	/** Writes the voxels of {@code image} in flat order as {@code type}, little endian. */
	static void write(RandomAccessibleInterval<? extends RealType<?>> image, VoxelType type, OutputStream out) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
		Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
		while (c.hasNext()) {
			double v = c.next().getRealDouble();
			switch (type) {
				case UINT8:
				case INT8:
					b.put((byte) (long) v);
					break;
				case INT16:
				case UINT16:
					b.putShort((short) (long) v);
					break;
				case INT32:
					b.putInt((int) (long) v);
					break;
				case FLOAT32:
					b.putFloat((float) v);
					break;
				default:
					b.putDouble(v);
			}
			if (!b.hasRemaining()) {
				out.write(b.array(), 0, b.position());
				b.clear();
			}
		}
		out.write(b.array(), 0, b.position());
	}
}
