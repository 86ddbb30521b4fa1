package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check of a TIFF file's structure against its real size, before ImageJ 1 allocates anything for it: every
 * directory, every value array and every strip must lie inside the file; an uncompressed image must have all its
 * bytes there (ImageJ would fill the missing ones with zeros, or drop the missing slices); a compressed image may
 * not claim more pixels than its compressed bytes can hold ({@value #MAX_RATIO}:1, beyond what deflate, LZW and
 * PackBits reach); deflated strips must inflate to their end (ImageJ's {@code zipUncompress} loops forever on a
 * stream that stops short). Reads the directories, their arrays and deflated strips only, so its work is bounded by
 * the file's size.
 */
final class TiffScan {
	/** Largest decompressed size per compressed byte believed (deflate reaches ~1032:1, LZW ~2700:1, PackBits 64:1). */
	static final long MAX_RATIO = 4096;
	private static final int MAX_DIRECTORIES = 1 << 20;
	private static final Pattern IMAGES = Pattern.compile("(?m)^images=(\\d+)");

	/** Bytes of uncompressed pixels the file holds (what decoding produces), for a time bound. */
	long pixelBytes;
	/** Slices ImageJ should return; fewer means it dropped some. */
	int slices;

	private final Path file;
	private final FileChannel ch;
	private final long size;
	private ByteOrder order;

	private TiffScan(Path file, FileChannel ch, long size) {
		this.file = file;
		this.ch = ch;
		this.size = size;
	}

	/** Scans {@code file}; refuses it with a message naming what is wrong. */
	static TiffScan of(Path file) {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			TiffScan s = new TiffScan(file, ch, ch.size());
			s.scan();
			return s;
		} catch (IOException e) {
			throw new PunetException("cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	private ByteBuffer read(long offset, long length, String what) throws IOException {
		if (offset < 0 || length < 0 || offset + length > size) {
			throw new PunetException(file + " is truncated or corrupt: " + what + " lies beyond the end of the file (bytes " + offset
					+ " to " + (offset + length) + ", the file has " + size + ")");
		}
		ByteBuffer b = ByteBuffer.allocate((int) length).order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
		while (b.hasRemaining()) {
			if (ch.read(b, offset + b.position()) < 0)
				throw new PunetException(file + " is truncated: it ended while " + what + " was read");
		}
		return b.flip();
	}

	private void scan() throws IOException {
		if (size < 8) throw new PunetException(file + " is not a TIFF file (" + size + " bytes)");
		ByteBuffer h = read(0, 8, "the header");
		byte a = h.get(0), c = h.get(1);
		if (a == 'I' && c == 'I') order = ByteOrder.LITTLE_ENDIAN;
		else if (a == 'M' && c == 'M') order = ByteOrder.BIG_ENDIAN;
		else throw new PunetException(file + " is not a TIFF file (no II or MM byte-order mark)");
		h.order(order);
		int magic = h.getShort(2) & 0xFFFF;
		if (magic == 43) throw new PunetException(file + " is a BigTIFF file; PUNet reads classic TIFF (save it as TIFF, or as NIfTI)");
		if (magic != 42) throw new PunetException(file + " is not a TIFF file (magic number " + magic + ", expected 42)");
		long next = h.getInt(4) & 0xFFFFFFFFL;
		Set<Long> seen = new HashSet<>();
		Image first = null;
		int same = 0;
		long totalVoxels = 0;
		for (int n = 0; next != 0; n++) {
			if (!seen.add(next) || n >= MAX_DIRECTORIES) throw new PunetException(file + " is corrupt: its image directories form a loop");
			int entries = read(next, 2, "image directory " + (n + 1)).getShort() & 0xFFFF;
			ByteBuffer d = read(next + 2, 12L * entries + 4, "image directory " + (n + 1));
			Image im = new Image();
			for (int e = 0; e < entries; e++) entry(d, 12 * e, im, n + 1);
			next = d.getInt(12 * entries) & 0xFFFFFFFFL;
			check(im, n + 1);
			if (im.compression == 8 || im.compression == 32946) inflates(im, n + 1);
			if (first == null) first = im;
			if (im.width == first.width && im.height == first.height && im.bits == first.bits && im.samples == first.samples) {
				if (im.compression != first.compression) { // NB: ImageJ decodes every slice of a stack with the first one's compression
					throw new PunetException(file + " mixes compressions across its images (" + first.compression + " and " + im.compression
							+ "), which ImageJ misreads; save it again with one compression");
				}
				same++;
				totalVoxels += (long) im.width * im.height;
				pixelBytes += im.bytes;
			}
			if (n == 0 && im.imagejImages > 1) { // NB: ImageJ reads images=N contiguous images from the first directory on
				if (im.compression == 1 && im.firstOffset + im.imagejImages * im.bytes > size) {
					throw new PunetException(file + " is truncated: its " + im.imagejImages + " images of " + im.width + "×" + im.height
							+ " need " + (im.firstOffset + im.imagejImages * im.bytes) + " bytes, the file has " + size);
				}
				slices = (int) Math.min(Integer.MAX_VALUE, im.imagejImages);
				pixelBytes = im.imagejImages * im.bytes;
				totalVoxels = im.imagejImages * im.width * im.height;
				break;
			}
		}
		if (first == null) throw new PunetException(file + " holds no image");
		if (slices == 0) slices = same;
		if (totalVoxels > Integer.MAX_VALUE - 8) {
			throw new PunetException(
					file + " is too large (" + first.width + "×" + first.height + "×" + slices
							+ " voxels); PUNet reads up to 2^31 voxels");
		}
	}

	/** One image directory's values that decide where its pixels are and how many there are. */
	private static final class Image {
		long width = -1, height = -1, bits = 1, samples = 1, compression = 1, rowsPerStrip = -1, imagejImages;
		long[] offsets, counts;
		long firstOffset;
		long bytes;
		boolean tiled;
	}

	private void entry(ByteBuffer d, int at, Image im, int dir) throws IOException {
		int tag = d.getShort(at) & 0xFFFF;
		int type = d.getShort(at + 2) & 0xFFFF;
		long count = d.getInt(at + 4) & 0xFFFFFFFFL;
		int unit = switch (type) {
			case 3, 8 -> 2;
			case 4, 9, 11, 13 -> 4;
			case 5, 10, 12 -> 8;
			default -> 1;
		};
		long bytes = count * unit;
		String what = "tag " + tag + " of image directory " + dir;
		ByteBuffer v;
		if (bytes <= 4) v = d.duplicate().order(order).position(at + 8).slice().order(order);
		else v = null;
		long valueOffset = d.getInt(at + 8) & 0xFFFFFFFFL;
		if (v == null && valueOffset + bytes > size) {
			throw new PunetException(file + " is truncated or corrupt: the " + count + " values of " + what
					+ " lie beyond the end of the file (up to byte " + (valueOffset + bytes) + ", the file has " + size + ")");
		}
		switch (tag) {
			case 256 -> im.width = first(v, valueOffset, type, what);
			case 257 -> im.height = first(v, valueOffset, type, what);
			case 258 -> im.bits = first(v, valueOffset, type, what);
			case 259 -> im.compression = first(v, valueOffset, type, what);
			case 277 -> im.samples = first(v, valueOffset, type, what);
			case 278 -> im.rowsPerStrip = first(v, valueOffset, type, what);
			case 273 -> im.offsets = array(v, valueOffset, type, count, what);
			case 279 -> im.counts = array(v, valueOffset, type, count, what);
			case 322, 323, 324, 325 -> im.tiled = true;
			case 270 -> {
				if (type == 2 && count < 1 << 16) {
					ByteBuffer s = v != null ? v : read(valueOffset, count, what);
					byte[] text = new byte[s.remaining()];
					s.get(text);
					String desc = new String(text, StandardCharsets.ISO_8859_1);
					Matcher m = IMAGES.matcher(desc);
					if (desc.startsWith("ImageJ") && m.find() && m.group(1).length() < 10) im.imagejImages = Long.parseLong(m.group(1));
				}
			}
			default -> {
				// not needed here
			}
		}
	}

	private long first(ByteBuffer inline, long offset, int type, String what) throws IOException {
		long[] a = array(inline, offset, type, 1, what);
		return a.length == 0 ? -1 : a[0];
	}

	private long[] array(ByteBuffer inline, long offset, int type, long count, String what) throws IOException {
		int unit = type == 3 || type == 8 ? 2 : 4;
		if (type != 3 && type != 4 && type != 8 && type != 9)
			throw new PunetException(file + " is corrupt: " + what + " has value type " + type + ", expected an integer");
		ByteBuffer b = inline != null && count * unit <= 4 ? inline : read(offset, count * unit, what);
		long[] a = new long[(int) count];
		for (int i = 0; i < a.length; i++) a[i] = unit == 2 ? b.getShort(i * 2) & 0xFFFF : b.getInt(i * 4) & 0xFFFFFFFFL;
		return a;
	}

	/** Inflates every strip of a deflated image (output discarded) and refuses one whose stream does not end. */
	private void inflates(Image im, int dir) throws IOException {
		byte[] out = new byte[1 << 16];
		for (int i = 0; i < im.offsets.length; i++) {
			long len = im.counts != null ? im.counts[i] : size - im.offsets[i];
			ByteBuffer in = read(im.offsets[i], len, "strip " + (i + 1) + " of image directory " + dir);
			java.util.zip.Inflater inf = new java.util.zip.Inflater();
			try {
				inf.setInput(in);
				// NB: to the end, as ImageJ does: finite input inflates to finite output (at most ~2000 bytes per byte)
				while (!inf.finished()) {
					int n = inf.inflate(out);
					if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
						throw new PunetException(file + " is truncated or corrupt: deflated strip " + (i + 1) + " of image " + dir
								+ " ends before its data do");
					}
				}
			} catch (java.util.zip.DataFormatException e) {
				throw new PunetException(file + " is corrupt: deflated strip " + (i + 1) + " of image " + dir
						+ " is not valid deflate data (" + e.getMessage() + ")");
			} finally {
				inf.end();
			}
		}
	}

	private void check(Image im, int dir) {
		String where = file + (dir > 1 ? " (image " + dir + ")" : "");
		if (im.tiled)
			throw new PunetException(
					where + " is a tiled TIFF; PUNet reads TIFF in strips (ImageJ's reader): save it again as a plain TIFF or as NIfTI");
		if (im.width <= 0 || im.height <= 0)
			throw new PunetException(where + " is corrupt: no image size (width " + im.width + ", height " + im.height + ")");
		if (im.width > Integer.MAX_VALUE || im.height > Integer.MAX_VALUE || im.width * im.height > Integer.MAX_VALUE - 8) {
			throw new PunetException(where + " is too large (" + im.width + "×" + im.height + " pixels)");
		}
		if (im.bits < 1 || im.bits > 64 || im.samples < 1 || im.samples > 16) {
			throw new PunetException(where + " is corrupt: " + im.bits + " bits per sample, " + im.samples + " samples per pixel");
		}
		im.bytes = im.bits == 1 ? (im.width + 7) / 8 * im.height * im.samples : im.width * im.height * im.samples * ((im.bits + 7) / 8);
		if (im.offsets == null || im.offsets.length == 0)
			throw new PunetException(where + " is corrupt: it says nowhere where its pixels are (no strip offsets)");
		im.firstOffset = im.offsets[0];
		long held = 0;
		if (im.counts != null) {
			if (im.counts.length < im.offsets.length)
				throw new PunetException(
						where + " is corrupt: " + im.offsets.length + " strips but " + im.counts.length + " strip lengths");
			for (int i = 0; i < im.offsets.length; i++) {
				if (im.offsets[i] + im.counts[i] > size) {
					throw new PunetException(where + " is truncated: strip " + (i + 1) + " of " + im.offsets.length + " needs bytes up to "
							+ (im.offsets[i] + im.counts[i]) + ", the file has " + size);
				}
				held += im.counts[i];
			}
		} else {
			held = size - im.firstOffset; // NB: without lengths ImageJ reads on from the first strip
		}
		if (im.compression == 1 && held < im.bytes) {
			throw new PunetException(where + " is truncated: its " + im.width + "×" + im.height + " pixels need " + im.bytes
					+ " bytes, the file holds " + Math.max(0, held));
		}
		if (im.compression != 1 && im.bytes > MAX_RATIO * held + 4096) {
			throw new PunetException(where + " is corrupt: it claims " + im.width + "×" + im.height + " pixels (" + im.bytes
					+ " bytes) from " + held + " bytes of compressed data");
		}
	}
}
