package io.github.punetfiji.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes minimal DICOM Part 10 files byte by byte: preamble, "DICM", an explicit-VR file meta group, then the
 * data set in the transfer syntax of the {@link Spec} (implicit or explicit VR, little or big endian), with
 * whatever pixel format, photometric interpretation and rescale the test asks for, and a nested sequence of
 * undefined length before the image tags (real scanners write those).
 */
final class DicomFiles {
	private DicomFiles() {}

	static final String CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
	static final String IMPLICIT_LE = "1.2.840.10008.1.2";
	static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
	static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

	/** What to write; defaults: a 16-bit signed MONOCHROME2 CT slice, implicit VR little endian, no rescale. */
	static final class Spec {
		int cols = 5, rows = 4, frames = 1;
		int bitsAllocated = 16, bitsStored = 16, pixelRepresentation = 1, samplesPerPixel = 1;
		String photometric = "MONOCHROME2";
		String transferSyntax = IMPLICIT_LE;
		String slope = "1", intercept = "0";
		String pixelSpacing = "0.8\\0.7";
		String position = "-10\\20\\0";
		String series = "1.2.3.4";
		int instance = 1;
		boolean sequence = true;
		/** Encapsulated pixel data (undefined length, items), as compressed files hold. */
		boolean encapsulated;
		/** The pixel bytes as stored; null: {@link #values} encoded in the pixel format. */
		byte[] pixels;
		/** Stored values, x fastest, frames last. */
		long[] values;

		Spec values(long... v) {
			values = v;
			return this;
		}

		byte[] bytes() {
			return DicomFiles.write(this);
		}
	}

	/**
	 * One slice of {@code cols × rows} pixels (x fastest), stored values {@code raw}, HU = raw + intercept.
	 *
	 * @param pixelSpacing "row spacing\column spacing" (y then x), as DICOM orders them
	 */
	static byte[] slice(int cols, int rows, short[] raw, int instance, double z, String pixelSpacing, int intercept, String series) {
		Spec s = new Spec();
		s.cols = cols;
		s.rows = rows;
		s.values = new long[raw.length];
		for (int i = 0; i < raw.length; i++) s.values[i] = raw[i];
		s.instance = instance;
		s.position = "-10\\20\\" + z;
		s.pixelSpacing = pixelSpacing;
		s.intercept = Integer.toString(intercept);
		s.series = series;
		s.sequence = false;
		return s.bytes();
	}

	private static final class Writer {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final boolean explicit;
		final ByteOrder order;

		Writer(boolean explicit, ByteOrder order) {
			this.explicit = explicit;
			this.order = order;
		}

		ByteBuffer buf(int n) {
			return ByteBuffer.allocate(n).order(order);
		}

		void element(int group, int element, String vr, byte[] value) {
			header(group, element, vr, value.length);
			out.writeBytes(value);
		}

		void header(int group, int element, String vr, long length) {
			boolean longForm = vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN") || vr.equals("UT");
			ByteBuffer b;
			if (!explicit) b = buf(8).putShort((short) group).putShort((short) element).putInt((int) length);
			else
				if (longForm)
					b = buf(12).putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII))
							.putShort((short) 0).putInt((int) length);
				else
					b = buf(8).putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII))
							.putShort((short) length);
			out.writeBytes(b.array());
		}

		void tag(int group, int element, int length) {
			out.writeBytes(buf(8).putShort((short) group).putShort((short) element).putInt(length).array());
		}

		void us(int group, int element, int v) {
			element(group, element, "US", buf(2).putShort((short) v).array());
		}
	}

	static byte[] write(Spec s) {
		ByteArrayOutputStream meta = new ByteArrayOutputStream();
		Writer m = new Writer(true, ByteOrder.LITTLE_ENDIAN);
		m.element(0x0002, 0x0001, "OB", new byte[] {0, 1});
		m.element(0x0002, 0x0002, "UI", uid(CT_STORAGE));
		m.element(0x0002, 0x0003, "UI", uid("1.2.826.0.1.3680043.2.1125.9." + s.instance));
		m.element(0x0002, 0x0010, "UI", uid(s.transferSyntax));
		meta.writeBytes(m.out.toByteArray());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[128]);
		out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
		Writer g = new Writer(true, ByteOrder.LITTLE_ENDIAN);
		g.element(0x0002, 0x0000, "UL", g.buf(4).putInt(meta.size()).array());
		out.writeBytes(g.out.toByteArray());
		out.writeBytes(meta.toByteArray());

		boolean explicit = !s.transferSyntax.equals(IMPLICIT_LE);
		Writer w = new Writer(explicit, s.transferSyntax.equals(EXPLICIT_BE) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		w.element(0x0008, 0x0016, "UI", uid(CT_STORAGE));
		w.element(0x0008, 0x0018, "UI", uid("1.2.826.0.1.3680043.2.1125.9." + s.instance));
		w.element(0x0008, 0x0060, "CS", text("CT"));
		if (s.sequence) {
			// a referenced-image sequence of undefined length, one item of undefined length holding a UID and a nested empty sequence
			w.header(0x0008, 0x1140, "SQ", 0xFFFFFFFFL);
			w.tag(0xFFFE, 0xE000, -1);
			w.element(0x0008, 0x1150, "UI", uid(CT_STORAGE));
			w.header(0x0008, 0x1155, "UI", 0);
			w.header(0x0040, 0xA730, "SQ", 0xFFFFFFFFL);
			w.tag(0xFFFE, 0xE0DD, 0);
			w.tag(0xFFFE, 0xE00D, 0);
			w.tag(0xFFFE, 0xE0DD, 0);
		}
		w.element(0x0010, 0x0010, "PN", text("Test^Phantom"));
		w.element(0x0018, 0x0050, "DS", text("2.5"));
		w.element(0x0020, 0x000D, "UI", uid("1.2.826.0.1.3680043.2.1125.7"));
		w.element(0x0020, 0x000E, "UI", uid(s.series));
		w.element(0x0020, 0x0013, "IS", text(Integer.toString(s.instance)));
		w.element(0x0020, 0x0032, "DS", text(s.position));
		w.element(0x0020, 0x0037, "DS", text("1\\0\\0\\0\\1\\0"));
		w.us(0x0028, 0x0002, s.samplesPerPixel);
		w.element(0x0028, 0x0004, "CS", text(s.photometric));
		if (s.frames > 1) w.element(0x0028, 0x0008, "IS", text(Integer.toString(s.frames)));
		w.us(0x0028, 0x0010, s.rows);
		w.us(0x0028, 0x0011, s.cols);
		w.element(0x0028, 0x0030, "DS", text(s.pixelSpacing));
		w.us(0x0028, 0x0100, s.bitsAllocated);
		w.us(0x0028, 0x0101, s.bitsStored);
		w.us(0x0028, 0x0102, s.bitsStored - 1);
		w.us(0x0028, 0x0103, s.pixelRepresentation);
		w.element(0x0028, 0x1052, "DS", text(s.intercept));
		w.element(0x0028, 0x1053, "DS", text(s.slope));
		byte[] px = s.pixels != null ? s.pixels : pixels(s, w);
		if (s.encapsulated) {
			w.header(0x7FE0, 0x0010, "OB", 0xFFFFFFFFL);
			w.tag(0xFFFE, 0xE000, 0); // empty offset table
			w.tag(0xFFFE, 0xE000, px.length);
			w.out.writeBytes(px);
			w.tag(0xFFFE, 0xE0DD, 0);
		} else {
			w.element(0x7FE0, 0x0010, s.bitsAllocated == 8 ? "OB" : "OW", px);
		}
		out.writeBytes(w.out.toByteArray());
		return out.toByteArray();
	}

	private static byte[] pixels(Spec s, Writer w) {
		int n = s.cols * s.rows * s.frames * s.samplesPerPixel;
		if (s.bitsAllocated == 1) return new byte[(n + 7) / 8 + ((n + 7) / 8) % 2];
		int bytes = s.bitsAllocated / 8;
		ByteBuffer b = w.buf(n * bytes + (n * bytes) % 2);
		for (int i = 0; i < n; i++) {
			long v = s.values == null ? i : s.values[i];
			if (bytes == 1) b.put((byte) v);
			else if (bytes == 2) b.putShort((short) v);
			else b.putInt((int) v);
		}
		return b.array();
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
}
