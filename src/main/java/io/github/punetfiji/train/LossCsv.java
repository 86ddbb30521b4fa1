package io.github.punetfiji.train;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code losses.csv} kept current while a run trains: written whole (atomically, {@link LossLog#writeCsv}) when the run
 * starts, then one line appended per step as the step is logged, so that a plot, a script or whoever looks after a killed
 * run sees every finished step. The content is always what {@link LossLog#writeCsv} would write; where the columns change
 * (validation of other classes) the file is written whole again.
 *
 * <p>NB: each update goes out in one {@code write} of whole lines, so a killed process leaves whole lines; the file is not
 * forced to disk per step (the run's end writes it atomically and forced). A resumed run continues from the checkpoint's
 * loss log, never from this file.
 */
final class LossCsv implements AutoCloseable {
	private final Path file;
	private final LossLog log;
	private FileChannel channel;
	private String header;
	private int written;

	/** Writes {@code file} with the steps {@code log} holds (a resumed run's) and keeps it open for the steps to come. */
	LossCsv(Path file, LossLog log) {
		this.file = file;
		this.log = log;
		rewrite();
	}

	/** Appends the steps logged since the last update. */
	void update() {
		if (!log.header().equals(header) || written > log.size()) {
			rewrite();
			return;
		}
		StringBuilder b = new StringBuilder();
		for (int i = written; i < log.size(); i++) b.append(log.line(i));
		if (b.length() == 0) return;
		ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
		try {
			while (bytes.hasRemaining()) channel.write(bytes);
		} catch (IOException e) {
			throw new PunetException("cannot write " + file + ": " + AtomicFiles.describe(e), e);
		}
		written = log.size();
	}

	private void rewrite() {
		close();
		log.writeCsv(file);
		header = log.header();
		written = log.size();
		try {
			channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
		} catch (IOException e) {
			throw new PunetException("cannot write " + file + ": " + AtomicFiles.describe(e), e);
		}
	}

	@Override
	public void close() {
		if (channel == null) return;
		try {
			channel.close();
		} catch (IOException e) {
			// the lines went out with each write; nothing is buffered here
		}
		channel = null;
	}
}
