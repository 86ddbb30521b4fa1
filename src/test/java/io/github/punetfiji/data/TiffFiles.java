package io.github.punetfiji.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes classic TIFF files byte by byte (little endian): per image its strips, then its directory (width, height,
 * bits, compression, photometric, an optional description, strip offsets, samples, rows per strip, strip lengths).
 * What a directory claims can differ from what it holds, for the refusal tests.
 */
final class TiffFiles {
	private TiffFiles() {}

	/** One image directory and its strips. */
	static final class Image {
		long width, height, bits = 8, compression = 1, rowsPerStrip;
		String description;
		List<byte[]> strips = new ArrayList<>();
		/** Strip lengths as claimed; null: the real ones. */
		long[] claimedLengths;

		Image(long width, long height) {
			this.width = width;
			this.height = height;
			this.rowsPerStrip = height;
		}

		/** One uncompressed 8-bit strip holding value {@code (x + 3y + 7z) & 0xFF} at (x, y). */
		Image ramp(int z) {
			byte[] b = new byte[(int) (width * height * (bits / 8))];
			for (int i = 0; i < width * height; i++) {
				int v = (int) ((i % width) + 3 * (i / width) + 7 * z) & 0xFF;
				if (bits == 8) b[i] = (byte) v;
				else {
					b[2 * i] = (byte) v;
					b[2 * i + 1] = 0;
				}
			}
			strips.add(b);
			return this;
		}

		/** Deflates the strips (compression 8). */
		Image deflated() {
			List<byte[]> d = new ArrayList<>();
			for (byte[] s : strips) d.add(deflate(s));
			strips = d;
			compression = 8;
			return this;
		}
	}

	static byte[] deflate(byte[] raw) {
		Deflater z = new Deflater();
		z.setInput(raw);
		z.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buf = new byte[4096];
		while (!z.finished()) out.write(buf, 0, z.deflate(buf));
		z.end();
		return out.toByteArray();
	}

	static byte[] write(Image... images) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] {'I', 'I', 42, 0, 0, 0, 0, 0});
		List<Integer> nextPointers = new ArrayList<>();
		nextPointers.add(4);
		byte[] file = null;
		for (Image im : images) {
			long[] offsets = new long[im.strips.size()];
			long[] lengths = new long[im.strips.size()];
			for (int i = 0; i < offsets.length; i++) {
				offsets[i] = out.size();
				lengths[i] = im.strips.get(i).length;
				out.writeBytes(im.strips.get(i));
				if (out.size() % 2 == 1) out.write(0);
			}
			if (im.claimedLengths != null) lengths = im.claimedLengths;
			long offsetsAt = out.size();
			for (long o : offsets) out.writeBytes(le(4).putInt((int) o).array());
			long lengthsAt = out.size();
			for (long l : lengths) out.writeBytes(le(4).putInt((int) l).array());
			long descAt = out.size();
			byte[] desc = im.description == null ? null : (im.description + "\0").getBytes(StandardCharsets.ISO_8859_1);
			if (desc != null) out.writeBytes(desc);
			if (out.size() % 2 == 1) out.write(0);
			int ifd = out.size();
			int n = desc == null ? 9 : 10;
			ByteBuffer b = le(2 + 12 * n + 4);
			b.putShort((short) n);
			entry(b, 256, 4, 1, im.width);
			entry(b, 257, 4, 1, im.height);
			entry(b, 258, 3, 1, im.bits);
			entry(b, 259, 3, 1, im.compression);
			entry(b, 262, 3, 1, 1);
			if (desc != null) entry(b, 270, 2, desc.length, descAt);
			entry(b, 273, 4, offsets.length, offsets.length == 1 ? offsets[0] : offsetsAt);
			entry(b, 277, 3, 1, 1);
			entry(b, 278, 4, 1, im.rowsPerStrip);
			entry(b, 279, 4, lengths.length, lengths.length == 1 ? lengths[0] : lengthsAt);
			b.putInt(0);
			out.writeBytes(b.array());
			nextPointers.add(ifd + 2 + 12 * n);
			file = out.toByteArray();
			ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(nextPointers.get(nextPointers.size() - 2), ifd);
			out.reset();
			out.writeBytes(file);
		}
		return file;
	}

	private static void entry(ByteBuffer b, int tag, int type, long count, long value) {
		b.putShort((short) tag).putShort((short) type).putInt((int) count);
		if (type == 3 && count == 1) b.putShort((short) value).putShort((short) 0);
		else b.putInt((int) value);
	}

	private static ByteBuffer le(int n) {
		return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
	}
}
