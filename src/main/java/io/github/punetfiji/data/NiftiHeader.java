package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fields of a NIfTI-1 header (348 bytes, offsets as in {@code nifti1.h}) that this project reads
 * and writes. Package-private plain holder: {@link Nifti} validates and interprets them.
 */
final class NiftiHeader {
	static final int SIZE = 348;
	static final int SINGLE_FILE_OFFSET = 352; // header + 4 extension bytes

	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	final short[] dim = new short[8];
	short datatype;
	short bitpix;
	final float[] pixdim = new float[8];
	float voxOffset;
	float sclSlope;
	float sclInter;
	int xyztUnits;
	short qformCode;
	short sformCode;
	final float[] quatern = new float[3];
	final float[] qoffset = new float[3];
	final float[][] srow = new float[3][4];
	String magic = "n+1";

	/**
	 * Parses a header; the byte order is detected from {@code sizeof_hdr} (348).
	 *
	 * @param what the file, for messages
	 */
	static NiftiHeader parse(byte[] bytes, String what) {
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		NiftiHeader h = new NiftiHeader();
		int size = b.getInt(0);
		if (size != SIZE) {
			if (Integer.reverseBytes(size) == SIZE) {
				h.order = ByteOrder.BIG_ENDIAN;
				b.order(h.order);
			} else if (size == 540 || Integer.reverseBytes(size) == 540) {
				throw new PunetException(
						what + " is a NIfTI-2 file; only NIfTI-1 is supported (convert it, e.g. with nibabel's Nifti1Image)");
			} else {
				throw new PunetException(what + " is not a NIfTI-1 file (header size field is " + size + ", expected 348)");
			}
		}
		h.magic = new String(bytes, 344, 3, StandardCharsets.ISO_8859_1);
		if (bytes[347] != 0 || !(h.magic.equals("n+1") || h.magic.equals("ni1"))) {
			throw new PunetException(what + " is not a NIfTI-1 file (magic is '" + printable(bytes, 344, 4)
					+ "', expected 'n+1' or 'ni1'; old Analyze 7.5 files are not supported)");
		}
		for (int i = 0; i < 8; i++) h.dim[i] = b.getShort(40 + 2 * i);
		h.datatype = b.getShort(70);
		h.bitpix = b.getShort(72);
		for (int i = 0; i < 8; i++) h.pixdim[i] = b.getFloat(76 + 4 * i);
		h.voxOffset = b.getFloat(108);
		h.sclSlope = b.getFloat(112);
		h.sclInter = b.getFloat(116);
		h.xyztUnits = b.get(123) & 0xff;
		h.qformCode = b.getShort(252);
		h.sformCode = b.getShort(254);
		for (int i = 0; i < 3; i++) {
			h.quatern[i] = b.getFloat(256 + 4 * i);
			h.qoffset[i] = b.getFloat(268 + 4 * i);
			for (int j = 0; j < 4; j++) h.srow[i][j] = b.getFloat(280 + 16 * i + 4 * j);
		}
		return h;
	}

	/** The header plus 4 zero extension bytes, little endian, magic {@code n+1}. */
	byte[] toBytes() {
		ByteBuffer b = ByteBuffer.allocate(SINGLE_FILE_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, SIZE);
		b.put(38, (byte) 'r');
		for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
		b.putShort(70, datatype);
		b.putShort(72, bitpix);
		for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, pixdim[i]);
		b.putFloat(108, voxOffset);
		b.putFloat(112, sclSlope);
		b.putFloat(116, sclInter);
		b.put(123, (byte) xyztUnits);
		byte[] descrip = "PUNet for Fiji".getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < descrip.length; i++) b.put(148 + i, descrip[i]);
		b.putShort(252, qformCode);
		b.putShort(254, sformCode);
		for (int i = 0; i < 3; i++) {
			b.putFloat(256 + 4 * i, quatern[i]);
			b.putFloat(268 + 4 * i, qoffset[i]);
			for (int j = 0; j < 4; j++) b.putFloat(280 + 16 * i + 4 * j, srow[i][j]);
		}
		b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);
		return b.array();
	}

	/** The NIfTI name of a datatype code, for messages. */
	static String datatypeName(int code) {
		VoxelType t = VoxelType.ofNiftiCode(code);
		if (t != null) return t.label;
		switch (code) {
			case 0:
				return "unknown";
			case 1:
				return "binary";
			case 32:
				return "complex64";
			case 128:
				return "RGB24";
			case 768:
				return "uint32";
			case 1024:
				return "int64";
			case 1280:
				return "uint64";
			case 1536:
				return "float128";
			case 1792:
				return "complex128";
			case 2048:
				return "complex256";
			case 2304:
				return "RGBA32";
			default:
				return "unknown";
		}
	}

	private static String printable(byte[] b, int off, int len) {
		StringBuilder s = new StringBuilder();
		for (int i = off; i < off + len; i++) {
			int c = b[i] & 0xff;
			s.append(c >= 32 && c < 127 ? Character.toString((char) c) : String.format("\\x%02x", c));
		}
		return s.toString();
	}
}
