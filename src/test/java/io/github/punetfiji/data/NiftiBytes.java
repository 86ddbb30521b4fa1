package io.github.punetfiji.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;

/**
 * Builds NIfTI-1 files byte by byte from the specification ({@code nifti1.h} offsets), independently of
 * the writer under test.
 */
final class NiftiBytes {
	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	short[] dim = {3, 1, 1, 1, 1, 1, 1, 1};
	short datatype = 16;
	short bitpix = 32;
	float[] pixdim = {1, 1, 1, 1, 0, 0, 0, 0};
	float voxOffset = 352;
	float slope = 0;
	float inter = 0;
	byte units = 2;
	short qform = 0;
	short sform = 0;
	float[] srow = new float[12];
	float[] quatern = new float[6]; // b, c, d, qx, qy, qz
	String magic = "n+1";
	int sizeofHdr = 348;
	int extension = 0; // extra bytes between 352 and vox_offset are zero

	NiftiBytes dims(int... d) {
		dim = new short[] {(short) d.length, 1, 1, 1, 1, 1, 1, 1};
		for (int i = 0; i < d.length; i++) dim[i + 1] = (short) d[i];
		return this;
	}

	byte[] header() {
		ByteBuffer b = ByteBuffer.allocate(348).order(order);
		b.putInt(0, sizeofHdr);
		for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
		b.putShort(70, datatype);
		b.putShort(72, bitpix);
		for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, pixdim[i]);
		b.putFloat(108, voxOffset);
		b.putFloat(112, slope);
		b.putFloat(116, inter);
		b.put(123, units);
		b.putShort(252, qform);
		b.putShort(254, sform);
		for (int i = 0; i < 6; i++) b.putFloat(256 + 4 * i, quatern[i]);
		for (int i = 0; i < 12; i++) b.putFloat(280 + 4 * i, srow[i]);
		byte[] m = magic.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		for (int i = 0; i < Math.min(4, m.length); i++) b.put(344 + i, m[i]);
		return b.array();
	}

	/** A single {@code .nii} file: header, 4 extension bytes, padding up to vox_offset, data. */
	byte[] file(byte[] data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(header());
		out.writeBytes(new byte[Math.max(4, (int) voxOffset - 348)]);
		out.writeBytes(data);
		return out.toByteArray();
	}

	/** Voxel data in this builder's byte order. */
	ByteBuffer data(int bytes) {
		return ByteBuffer.allocate(bytes).order(order);
	}

	static byte[] gzip(byte[] raw) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(raw);
		}
		return out.toByteArray();
	}
}
