package io.github.punetfiji.data;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Runs ImageJ 1 reader and writer calls without a display. Sets {@code java.awt.headless} when no
 * display is in use, and keeps ImageJ's messages off standard output: headless ImageJ 1 prints its
 * errors there ("This is not a DICOM or ACR/NEMA file"), which would corrupt the CLI's JSON output.
 * They are captured so the caller can put them into its own error message.
 */
final class Headless {
	private Headless() {}

	/** The result of a call and what ImageJ printed meanwhile. */
	static final class Result<T> {
		final T value;
		final String messages;

		Result(T value, String messages) {
			this.value = value;
			this.messages = messages;
		}

		/**
		 * " (ImageJ: …)" or "" — for appending to an error message: the first lines only, never a stack trace
		 * (ImageJ logs the exceptions of its readers with theirs).
		 */
		String detail() {
			String m = messages;
			int trace = m.indexOf("\tat ");
			if (trace >= 0) m = m.substring(0, trace);
			m = m.replaceAll("\\s+", " ").trim();
			if (m.length() > 300) m = m.substring(0, 300) + "…";
			return m.isEmpty() ? "" : " (ImageJ: " + m + ")";
		}
	}

	/** Runs {@code call} with standard output captured; one call at a time, as it swaps {@code System.out}. */
	static synchronized <T> Result<T> call(Supplier<T> call) {
		if (System.getProperty("java.awt.headless") == null && System.getenv("DISPLAY") == null) {
			System.setProperty("java.awt.headless", "true");
		}
		PrintStream out = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		T value;
		try (PrintStream tmp = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
			System.setOut(tmp);
			value = call.get();
		} finally {
			System.setOut(out);
		}
		return new Result<>(value, captured.toString(StandardCharsets.UTF_8).trim());
	}
}
