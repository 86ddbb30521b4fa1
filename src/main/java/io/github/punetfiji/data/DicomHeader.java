package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The part of a DICOM Part 10 file that decides how its pixels are read: transfer syntax, image size, pixel
 * format, photometric interpretation, rescale slope and intercept, geometry, and where the pixel data lie.
 * Parsed from the bytes with every length checked against the file's size (a corrupt header is refused, never
 * followed), sequences skipped whether their lengths are defined or not.
 *
 * <p>Files ImageJ 1 would misread are refused with a message: compressed and deflated transfer syntaxes,
 * 1-bit images, colour (RGB, YBR, palette), truncated pixel data.
 */
final class DicomHeader {
	static final String IMPLICIT_LE = "1.2.840.10008.1.2";
	static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
	static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
	static final String DEFLATED = "1.2.840.10008.1.2.1.99";

	private static final int MAX_ELEMENTS = 1 << 20;
	private static final int MAX_DEPTH = 32;

	String transferSyntax = IMPLICIT_LE;
	int rows = -1;
	int cols = -1;
	int frames = 1;
	int bitsAllocated = 16;
	int bitsStored = -1;
	int pixelRepresentation;
	int samplesPerPixel = 1;
	String photometric = "MONOCHROME2";
	double[] pixelSpacing; // row (y), column (x)
	double sliceThickness = Double.NaN;
	double spacingBetweenSlices = Double.NaN;
	double[] position;
	double[] orientation;
	int instance = Integer.MIN_VALUE;
	double slope = 1;
	double intercept = 0;
	String series = "";
	/** Offset and length in bytes of the pixel data element's value. */
	int pixelOffset = -1;
	long pixelLength = -1;

	private final String source;
	private final ByteBuffer b;
	private boolean explicit;
	private int elements;

	private DicomHeader(byte[] bytes, String source) {
		this.source = source;
		this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Whether {@code bytes} start with a 128-byte preamble and "DICM". */
	static boolean hasMarker(byte[] bytes) {
		return bytes.length >= 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M';
	}

	/**
	 * Parses the header and checks that the pixel data are there, uncompressed, grey and complete.
	 *
	 * @throws PunetException naming {@code source} and what is wrong
	 */
	static DicomHeader parse(byte[] bytes, String source) {
		if (!hasMarker(bytes)) throw new PunetException(source + " is not a DICOM file (no 'DICM' marker at byte 128)");
		DicomHeader h = new DicomHeader(bytes, source);
		try {
			h.parse();
		} catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
			throw new PunetException(source + " is truncated or corrupt: its header ends or breaks off before the pixel data");
		}
		h.check(bytes.length);
		return h;
	}

	private void parse() {
		b.position(132);
		explicit = true;
		// file meta information: explicit VR little endian, group 0002
		while (b.remaining() >= 8 && b.getShort(b.position()) == 0x0002) {
			int tag = readTag();
			long len = readLength(tag, 0);
			if (tag == 0x00020010) transferSyntax = string(len);
			else skip(len);
		}
		transferSyntax = transferSyntax.trim();
		switch (transferSyntax) {
			case IMPLICIT_LE -> explicit = false;
			case EXPLICIT_LE -> explicit = true;
			case EXPLICIT_BE -> {
				explicit = true;
				b.order(ByteOrder.BIG_ENDIAN);
			}
			case DEFLATED -> throw new PunetException(source + " is a deflated DICOM file (transfer syntax " + DEFLATED
					+ "); PUNet reads uncompressed DICOM only: " + "decompress it first (e.g. dcmconv +te, or gdcmconv --raw)");
			default -> throw new PunetException(
					source + " holds compressed pixel data (transfer syntax " + transferSyntax + ", " + compressionName(transferSyntax)
							+ "); PUNet reads uncompressed DICOM only: decompress it first (e.g. gdcmconv --raw, or dcmdjpeg)");
		}
		while (b.remaining() >= 8) {
			int tag = readTag();
			long len = readLength(tag, 0);
			if (tag == 0x7FE00010) {
				if (len == 0xFFFFFFFFL) {
					throw new PunetException(source + " holds encapsulated (compressed) pixel data although its transfer syntax "
							+ transferSyntax + " is uncompressed");
				}
				pixelOffset = b.position();
				pixelLength = len;
				return;
			}
			if (len == 0xFFFFFFFFL) skipUndefined(1);
			else value(tag, len);
		}
	}

	private void value(int tag, long len) {
		switch (tag) {
			case 0x00280010 -> rows = us(len);
			case 0x00280011 -> cols = us(len);
			case 0x00280100 -> bitsAllocated = us(len);
			case 0x00280101 -> bitsStored = us(len);
			case 0x00280103 -> pixelRepresentation = us(len);
			case 0x00280002 -> samplesPerPixel = us(len);
			case 0x00280004 -> photometric = string(len).trim().toUpperCase(Locale.ROOT);
			case 0x00280008 -> frames = (int) Math.max(1, Math.min(Integer.MAX_VALUE, number(string(len), 1)));
			case 0x00280030 -> pixelSpacing = numbers(string(len));
			case 0x00180050 -> sliceThickness = number(string(len), Double.NaN);
			case 0x00180088 -> spacingBetweenSlices = number(string(len), Double.NaN);
			case 0x00200032 -> position = numbers(string(len));
			case 0x00200037 -> orientation = numbers(string(len));
			case 0x00200013 -> instance = (int) number(string(len), Integer.MIN_VALUE);
			case 0x00281053 -> slope = number(string(len), 1);
			case 0x00281052 -> intercept = number(string(len), 0);
			case 0x0020000E -> series = string(len).trim();
			default -> skip(len);
		}
	}

	/** Skips the items of a sequence (or an item) of undefined length, up to and including its delimiter. */
	private void skipUndefined(int depth) {
		if (depth > MAX_DEPTH) throw new IllegalArgumentException("nested too deep");
		while (true) {
			int tag = readTag();
			if (tag == 0xFFFEE0DD || tag == 0xFFFEE00D) { // sequence or item delimiter
				b.getInt();
				return;
			}
			long len;
			if (tag == 0xFFFEE000) len = b.getInt() & 0xFFFFFFFFL; // an item: no VR
			else len = readLength(tag, depth);
			if (len == 0xFFFFFFFFL) skipUndefined(depth + 1);
			else skip(len);
		}
	}

	private int readTag() {
		if (++elements > MAX_ELEMENTS) throw new IllegalArgumentException("too many elements");
		int group = b.getShort() & 0xFFFF;
		int element = b.getShort() & 0xFFFF;
		return group << 16 | element;
	}

	/** The value length after a tag (reads the VR when explicit); 0xFFFFFFFF = undefined. */
	private long readLength(int tag, int depth) {
		boolean meta = tag >>> 16 == 0x0002;
		if ((tag >>> 16) == 0xFFFE) return b.getInt() & 0xFFFFFFFFL;
		if (!explicit && !meta) return b.getInt() & 0xFFFFFFFFL;
		String vr = new String(new byte[] {b.get(), b.get()}, StandardCharsets.US_ASCII);
		switch (vr) {
			case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> {
				b.getShort();
				return b.getInt() & 0xFFFFFFFFL;
			}
			default -> {
				return b.getShort() & 0xFFFF;
			}
		}
	}

	private void skip(long len) {
		if (len > b.remaining()) throw new IllegalArgumentException("element beyond the end");
		b.position(b.position() + (int) len);
	}

	private int us(long len) {
		if (len != 2) {
			skip(len);
			throw new IllegalArgumentException("an unsigned short of length " + len);
		}
		return b.getShort() & 0xFFFF;
	}

	private String string(long len) {
		if (len > b.remaining()) throw new IllegalArgumentException("element beyond the end");
		byte[] v = new byte[(int) len];
		b.get(v);
		return new String(v, StandardCharsets.US_ASCII).replace('\0', ' ');
	}

	private static double number(String s, double fallback) {
		try {
			double v = Double.parseDouble(s.trim().split("\\\\")[0].trim());
			return Double.isFinite(v) ? v : fallback;
		} catch (NumberFormatException e) {
			return fallback;
		}
	}

	private static double[] numbers(String s) {
		String[] parts = s.trim().split("\\\\");
		double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			v[i] = number(parts[i], Double.NaN);
			if (Double.isNaN(v[i])) return null;
		}
		return v;
	}

	private static String compressionName(String ts) {
		if (ts.startsWith("1.2.840.10008.1.2.4.9")) return "JPEG 2000";
		if (ts.startsWith("1.2.840.10008.1.2.4.8")) return "JPEG-LS";
		if (ts.startsWith("1.2.840.10008.1.2.4.")) return "JPEG";
		if (ts.equals("1.2.840.10008.1.2.5")) return "RLE";
		return "not a transfer syntax PUNet knows";
	}

	/** Bytes of one frame's pixels. */
	long frameBytes() {
		return (long) rows * cols * (bitsAllocated / 8);
	}

	private void check(long fileSize) {
		if (pixelOffset < 0)
			throw new PunetException(source
					+ " holds no pixel data (a DICOM file without an image, e.g. a report or a DICOMDIR, or one truncated "
					+ "before its pixels)");
		if (samplesPerPixel != 1 || !photometric.startsWith("MONOCHROME")) {
			throw new PunetException(source + " is a colour image (" + photometric.trim() + ", " + samplesPerPixel
					+ " samples per pixel); PUNet needs grey values (MONOCHROME1 or MONOCHROME2)");
		}
		if (bitsAllocated == 1)
			throw new PunetException(source + " is a 1-bit (binary) image; PUNet needs grey values of 8, 16 or 32 bits");
		if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
			throw new PunetException(source + " has " + bitsAllocated + " bits allocated per pixel; PUNet reads 8, 16 or 32");
		}
		if (bitsStored < 0) bitsStored = bitsAllocated;
		if (bitsStored < 1 || bitsStored > bitsAllocated)
			throw new PunetException(source + " is corrupt: " + bitsStored + " bits stored in " + bitsAllocated + " allocated");
		if (rows <= 0 || cols <= 0) throw new PunetException(source + " has no image size (rows " + rows + ", columns " + cols + ")");
		if ((long) rows * cols * frames > Integer.MAX_VALUE - 8) {
			throw new PunetException(source + " is too large (" + cols + "×" + rows + "×" + frames + " voxels)");
		}
		long need = frameBytes() * frames;
		long have = Math.min(pixelLength, fileSize - pixelOffset);
		if (need > have) {
			throw new PunetException(source + " is truncated: its pixel data need " + need + " bytes (" + cols + "×" + rows + "×" + frames
					+ ", " + bitsAllocated + " bits), the file holds " + Math.max(0, have));
		}
		if (!(slope != 0 && Double.isFinite(slope))) throw new PunetException(source + " has an invalid rescale slope " + slope);
	}
}
