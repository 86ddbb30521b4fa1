package io.github.punetfiji.io;

import io.github.punetfiji.PunetException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} format, versions 1–3, C order, little or big endian on read, little endian on
 * write. The header is parsed as data (never evaluated); sizes are bounded by the caller's limit.
 */
public final class Npy {
	private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private Npy() {}

	public static NpyArray read(Path file, long maxBytes) {
		try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
			return read(in, file.toString(), maxBytes);
		} catch (IOException e) {
			throw new PunetException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
		}
	}

	/**
	 * Reads one array.
	 *
	 * @param what names the source in error messages
	 * @param maxBytes the largest data size accepted
	 */
	public static NpyArray read(InputStream in, String what, long maxBytes) throws IOException {
		DataInputStream din = new DataInputStream(in);
		byte[] magic = new byte[6];
		try {
			din.readFully(magic);
		} catch (EOFException e) {
			throw new PunetException(what + " is not a NumPy .npy array (file too short)");
		}
		for (int i = 0; i < 6; i++) {
			if (magic[i] != MAGIC[i]) throw new PunetException(what + " is not a NumPy .npy array (bad magic)");
		}
		int major = din.readUnsignedByte();
		din.readUnsignedByte();
		long headerLen;
		if (major == 1) {
			headerLen = Short.toUnsignedInt(Short.reverseBytes(din.readShort()));
		} else if (major == 2 || major == 3) {
			headerLen = Integer.toUnsignedLong(Integer.reverseBytes(din.readInt()));
		} else {
			throw new PunetException(what + ": unsupported .npy format version " + major);
		}
		if (headerLen > 1 << 20) throw new PunetException(what + ": .npy header too large (" + headerLen + " bytes)");
		byte[] hb = new byte[(int) headerLen];
		din.readFully(hb);
		String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		Matcher d = DESCR.matcher(header);
		Matcher f = FORTRAN.matcher(header);
		Matcher s = SHAPE.matcher(header);
		if (!d.find() || !f.find() || !s.find()) throw new PunetException(what + ": malformed .npy header: " + printable(header));
		boolean fortran = f.group(1).equals("True");
		NpyArray.DType dtype = dtypeOf(d.group(2) + d.group(3), what);
		boolean bigEndian = d.group(1).equals(">");
		String[] dims = s.group(1).split(",");
		int rank = 0;
		long[] shape = new long[dims.length];
		for (String dim : dims) {
			String t = dim.trim();
			if (t.isEmpty()) continue;
			try {
				shape[rank] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
			} catch (NumberFormatException e) {
				throw new PunetException(what + ": malformed .npy shape: " + printable(s.group(1)));
			}
			if (shape[rank] < 0) throw new PunetException(what + ": negative .npy dimension");
			rank++;
		}
		long[] sh = java.util.Arrays.copyOf(shape, rank);
		long bytes;
		try {
			long n = 1;
			for (long x : sh) n = Math.multiplyExact(n, x);
			bytes = Math.multiplyExact(n, dtype.bytes);
		} catch (ArithmeticException e) {
			throw new PunetException(what + ": .npy shape (" + printable(s.group(1)) + ") is too large");
		}
		if (bytes > maxBytes || bytes > Integer.MAX_VALUE - 64) {
			throw new PunetException(what + ": array of " + bytes + " bytes exceeds the limit of " + maxBytes);
		}
		byte[] data = readExactly(din, (int) bytes, what);
		ByteBuffer buf = ByteBuffer.wrap(data);
		if (bigEndian && dtype.bytes > 1) buf = swap(buf, dtype.bytes);
		if (fortran && rank > 1) buf = ByteBuffer.wrap(fortranToC(buf.array(), sh, dtype.bytes));
		return new NpyArray(dtype, sh, buf);
	}

	/** Header text for a one-line message: control characters as '?', at most 100 characters. */
	private static String printable(String text) {
		String t = text.trim().replaceAll("\\p{Cntrl}", "?");
		return t.length() > 100 ? t.substring(0, 100) + "…" : t;
	}

	/**
	 * {@code bytes} bytes of {@code in}, or a {@link PunetException} if it ends before. The buffer grows with the data
	 * that really arrives (from 1 MiB, doubling), so a header declaring a huge array over a small file costs little
	 * before it is found truncated.
	 */
	static byte[] readExactly(InputStream in, int bytes, String what) throws IOException {
		byte[] buf = new byte[Math.min(bytes, 1 << 20)];
		int n = 0;
		while (n < bytes) {
			if (n == buf.length) buf = java.util.Arrays.copyOf(buf, (int) Math.min(bytes, 2L * buf.length));
			int r = in.read(buf, n, buf.length - n);
			if (r < 0) throw new PunetException(what + " is truncated: expected " + bytes + " bytes of array data, found " + n);
			n += r;
		}
		return buf;
	}

	/** Reorders column-major element bytes into row-major order. */
	static byte[] fortranToC(byte[] f, long[] shape, int width) {
		int rank = shape.length;
		int n = f.length / width;
		byte[] c = new byte[f.length];
		int[] idx = new int[rank];
		long[] fStride = new long[rank];
		long st = 1;
		for (int k = 0; k < rank; k++) {
			fStride[k] = st;
			st *= shape[k];
		}
		for (int ci = 0; ci < n; ci++) {
			long fi = 0;
			for (int k = 0; k < rank; k++) fi += idx[k] * fStride[k];
			System.arraycopy(f, (int) fi * width, c, ci * width, width);
			for (int k = rank - 1; k >= 0; k--) { // C-order increment, last axis fastest
				if (++idx[k] < shape[k]) break;
				idx[k] = 0;
			}
		}
		return c;
	}

	private static ByteBuffer swap(ByteBuffer big, int width) {
		byte[] a = big.array();
		byte[] out = new byte[a.length];
		for (int i = 0; i < a.length; i += width) {
			for (int j = 0; j < width; j++) out[i + j] = a[i + width - 1 - j];
		}
		return ByteBuffer.wrap(out);
	}

	private static NpyArray.DType dtypeOf(String code, String what) {
		for (NpyArray.DType t : NpyArray.DType.values()) {
			if (t.code.equals(code)) return t;
		}
		throw new PunetException(what + ": unsupported .npy dtype '" + code + "'");
	}

	/** Writes one array (format 1.0, little endian, C order). */
	public static void write(OutputStream out, NpyArray a) throws IOException {
		StringBuilder shape = new StringBuilder("(");
		long[] sh = a.shape();
		for (int i = 0; i < sh.length; i++) {
			shape.append(sh[i]);
			if (sh.length == 1 || i + 1 < sh.length) shape.append(i + 1 < sh.length ? ", " : ",");
		}
		shape.append(')');
		String endian = a.dtype().bytes == 1 ? "|" : "<";
		String dict = "{'descr': '" + endian + a.dtype().code + "', 'fortran_order': False, 'shape': " + shape + ", }";
		int total = 10 + dict.length() + 1;
		int pad = (64 - total % 64) % 64;
		StringBuilder h = new StringBuilder(dict);
		for (int i = 0; i < pad; i++) h.append(' ');
		h.append('\n');
		byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		head.write(MAGIC);
		head.write(1);
		head.write(0);
		head.write(hb.length & 0xff);
		head.write((hb.length >> 8) & 0xff);
		head.write(hb);
		out.write(head.toByteArray());
		ByteBuffer b = a.bytes().order(ByteOrder.LITTLE_ENDIAN);
		byte[] data = new byte[b.remaining()];
		b.get(data);
		out.write(data);
	}

	public static void write(Path file, NpyArray a) {
		AtomicFiles.write(file, out -> write(out, a));
	}
}
