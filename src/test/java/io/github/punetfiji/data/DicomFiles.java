package io.github.punetfiji.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes minimal valid DICOM Part 10 files (CT image storage, 16-bit signed, rescale slope/intercept)
 * byte by byte: preamble, "DICM", an explicit-VR file meta group, then an implicit-VR little-endian
 * data set.
 */
final class DicomFiles {
	private DicomFiles() {}

	private static final String CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
	private static final String IMPLICIT_LE = "1.2.840.10008.1.2";

	/**
	 * One slice of {@code cols × rows} pixels (x fastest), stored values {@code raw}, HU = raw + intercept.
	 *
	 * @param pixelSpacing "row spacing\column spacing" (y then x), as DICOM orders them
	 */
	static byte[] slice(int cols, int rows, short[] raw, int instance, double z, String pixelSpacing, int intercept, String series) {
		ByteArrayOutputStream meta = new ByteArrayOutputStream();
		explicit(meta, 0x0001, "OB", new byte[] {0, 1});
		explicit(meta, 0x0002, "UI", uid(CT_STORAGE));
		explicit(meta, 0x0003, "UI", uid("1.2.826.0.1.3680043.2.1125.9." + instance));
		explicit(meta, 0x0010, "UI", uid(IMPLICIT_LE));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[128]);
		out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
		explicit(out, 0x0000, "UL", le(4).putInt(meta.size()).array());
		out.writeBytes(meta.toByteArray());
		implicit(out, 0x0008, 0x0016, uid(CT_STORAGE));
		implicit(out, 0x0008, 0x0018, uid("1.2.826.0.1.3680043.2.1125.9." + instance));
		implicit(out, 0x0008, 0x0060, text("CT"));
		implicit(out, 0x0010, 0x0010, text("Test^Phantom"));
		implicit(out, 0x0018, 0x0050, text("2.5"));
		implicit(out, 0x0020, 0x000D, uid("1.2.826.0.1.3680043.2.1125.7"));
		implicit(out, 0x0020, 0x000E, uid(series));
		implicit(out, 0x0020, 0x0013, text(Integer.toString(instance)));
		implicit(out, 0x0020, 0x0032, text("-10\\20\\" + z));
		implicit(out, 0x0020, 0x0037, text("1\\0\\0\\0\\1\\0"));
		implicit(out, 0x0028, 0x0002, le(2).putShort((short) 1).array());
		implicit(out, 0x0028, 0x0004, text("MONOCHROME2"));
		implicit(out, 0x0028, 0x0010, le(2).putShort((short) rows).array());
		implicit(out, 0x0028, 0x0011, le(2).putShort((short) cols).array());
		implicit(out, 0x0028, 0x0030, text(pixelSpacing));
		implicit(out, 0x0028, 0x0100, le(2).putShort((short) 16).array());
		implicit(out, 0x0028, 0x0101, le(2).putShort((short) 16).array());
		implicit(out, 0x0028, 0x0102, le(2).putShort((short) 15).array());
		implicit(out, 0x0028, 0x0103, le(2).putShort((short) 1).array()); // signed
		implicit(out, 0x0028, 0x1052, text(Integer.toString(intercept)));
		implicit(out, 0x0028, 0x1053, text("1"));
		ByteBuffer px = le(raw.length * 2);
		for (short s : raw) px.putShort(s);
		implicit(out, 0x7FE0, 0x0010, px.array());
		return out.toByteArray();
	}

	private static ByteBuffer le(int n) {
		return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** A UID value, padded with NUL to even length. */
	private static byte[] uid(String s) {
		return pad(s, (byte) 0);
	}

	/** A text value, padded with a space to even length. */
	private static byte[] text(String s) {
		return pad(s, (byte) ' ');
	}

	private static byte[] pad(String s, byte with) {
		byte[] b = s.getBytes(StandardCharsets.US_ASCII);
		if (b.length % 2 == 0) return b;
		byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
		p[b.length] = with;
		return p;
	}

	private static void explicit(ByteArrayOutputStream out, int element, String vr, byte[] value) {
		ByteBuffer b = le(vr.equals("OB") ? 12 : 8);
		b.putShort((short) 0x0002).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
		if (vr.equals("OB")) b.putShort((short) 0).putInt(value.length);
		else b.putShort((short) value.length);
		out.writeBytes(b.array());
		out.writeBytes(value);
	}

	private static void implicit(ByteArrayOutputStream out, int group, int element, byte[] value) {
		out.writeBytes(le(8).putShort((short) group).putShort((short) element).putInt(value.length).array());
		out.writeBytes(value);
	}
}
