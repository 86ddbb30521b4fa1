package io.github.punetfiji.io;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives (a zip of {@code .npy} entries, as {@code numpy.savez[_compressed]}
 * writes them). Array names may contain {@code /} (as in the parity fixtures); names that escape
 * (absolute, {@code ..}) are rejected, and total size is bounded.
 */
public final class Npz {
	/** Default bound on the total data read from one archive. */
	public static final long DEFAULT_MAX_BYTES = 4L << 30;

	private Npz() {}

	public static Map<String, NpyArray> read(Path file) {
		return read(file, DEFAULT_MAX_BYTES);
	}

	public static Map<String, NpyArray> read(Path file, long maxBytes) {
		if (!Files.isRegularFile(file)) throw new PunetException("no such file: " + file);
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file.toString(), maxBytes);
		} catch (IOException e) {
			throw new PunetException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
		}
	}

	/** Reads every array of an archive, in archive order. */
	public static Map<String, NpyArray> read(InputStream raw, String what, long maxBytes) throws IOException {
		Map<String, NpyArray> out = new LinkedHashMap<>();
		long total = 0;
		try (ZipInputStream zin = new ZipInputStream(new java.io.BufferedInputStream(raw))) {
			ZipEntry e;
			while ((e = zin.getNextEntry()) != null) {
				String name = e.getName();
				if (e.isDirectory()) continue;
				checkName(name, what);
				if (!name.endsWith(".npy")) throw new PunetException(what + ": unexpected entry '" + name + "' (not .npy)");
				String key = name.substring(0, name.length() - 4);
				NpyArray a = Npy.read(zin, what + ":" + name, maxBytes - total);
				total += a.size() * a.dtype().bytes;
				if (out.put(key, a) != null) throw new PunetException(what + ": duplicate entry '" + name + "'");
			}
		} catch (ZipException | java.io.EOFException e) {
			throw new PunetException(what + " is not a valid .npz archive or is truncated (" + e.getMessage() + ")");
		} catch (IllegalArgumentException e) {
			// NB: java.util.zip's answer to an entry name that is not valid UTF-8
			throw new PunetException(what + " is not a valid .npz archive (a damaged entry name: " + e.getMessage() + ")");
		}
		if (out.isEmpty()) throw new PunetException(what + " is not a valid .npz archive (no arrays found)");
		return out;
	}

	static void checkName(String name, String what) {
		if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains("\\") || name.contains(":")) {
			throw new PunetException(what + ": refusing entry with an unsafe path '" + name + "'");
		}
	}

	/** Writes an archive atomically (deflate-compressed entries, like {@code savez_compressed}). */
	public static void write(Path file, Map<String, NpyArray> arrays) {
		AtomicFiles.write(file, out -> write(out, arrays));
	}

	public static void write(OutputStream out, Map<String, NpyArray> arrays) throws IOException {
		ZipOutputStream zout = new ZipOutputStream(out);
		for (Map.Entry<String, NpyArray> en : arrays.entrySet()) {
			checkName(en.getKey(), "array name");
			ZipEntry ze = new ZipEntry(en.getKey() + ".npy");
			ze.setTime(0L); // reproducible bytes
			zout.putNextEntry(ze);
			Npy.write(zout, en.getValue());
			zout.closeEntry();
		}
		zout.finish();
	}
}
