package io.github.punetfiji.io;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file output: content goes to a temporary file beside the target, is forced to disk, then
 * renamed over the target. A failure (full disk, cancel, crash) leaves the previous target untouched
 * and no partial file behind; a process that exits mid-write removes it in a shutdown hook ({@link TempFiles}).
 * The output gets the permissions the umask gives a new file (0644 under umask 022).
 */
public final class AtomicFiles {

	/** Writes the content of one output file. */
	@FunctionalInterface
	public interface Writer {
		void write(OutputStream out) throws IOException;
	}

	private AtomicFiles() {}

	/**
	 * Writes {@code target} atomically.
	 *
	 * @throws PunetException if the file cannot be written (the message names it and the cause)
	 */
	public static void write(Path target, Writer writer) {
		Path abs = target.toAbsolutePath();
		Path tmp = null;
		try {
			tmp = TempFiles.createPart(abs);
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
					OutputStream out = Channels.newOutputStream(ch)) {
				java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16) {
					@Override
					public void close() throws IOException {
						flush(); // NB: the channel is closed by the outer try, after force().
					}
				};
				writer.write(buffered);
				buffered.flush(); // NB: writers need not close the stream; without this, the last 64 KiB would be lost.
				ch.force(true);
			}
			try {
				Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
			}
			TempFiles.release(tmp);
			tmp = null;
		} catch (IOException e) {
			throw new PunetException("cannot write " + target + ": " + describe(e), e);
		} finally {
			if (tmp != null) {
				try {
					Files.deleteIfExists(tmp);
				} catch (IOException ignored) {
					// best effort: the temporary file is hidden and marked .part
				}
				TempFiles.release(tmp);
			}
		}
	}

	/** A short description of an I/O failure, e.g. "No space left on device". */
	public static String describe(IOException e) {
		String m = e.getMessage();
		if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder (" + m + ")";
		if (e instanceof java.nio.file.AccessDeniedException) return "permission denied (" + m + ")";
		return m == null ? e.getClass().getSimpleName() : m;
	}
}
