package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ./punet} run in a child JVM that gets Ctrl-C (SIGINT) once it printed a given line: for the tests of what a
 * cancelled run keeps. Its output is read on a thread of its own, and the child is killed at the end whatever happened,
 * so a child that does not stop fails the test instead of hanging it.
 */
final class InterruptedChild {
	/** The child's exit status and everything it printed. */
	record Outcome(int exitValue, String log) {}

	private InterruptedChild() {}

	/**
	 * Whether this JVM ignores SIGINT, as a command started in the background ({@code cmd &}) by a shell without job control
	 * does: a child inherits that, and a JVM then installs no handler for it, so Ctrl-C cannot be tested here.
	 */
	static boolean sigintIgnored() throws IOException {
		Path status = Paths.get("/proc/self/status");
		if (!Files.isReadable(status)) return false;
		for (String line : Files.readAllLines(status)) {
			if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
		}
		return false;
	}

	/**
	 * Runs {@code Main} with {@code args} in a child JVM ({@code -Xmx} {@code heap}), sends {@code signals} SIGINTs
	 * {@code delayMillis} after it printed a line starting with {@code ready}, and waits up to two minutes for it to end.
	 */
	static Outcome run(String heap, String ready, long delayMillis, int signals, String... args) throws Exception {
		return run("INT", heap, ready, delayMillis, signals, args);
	}

	/** {@link #run(String, String, long, int, String...)} with another signal ({@code "TERM"}: never ignored in the background). */
	static Outcome run(String signal, String heap, String ready, long delayMillis, int signals, String... args) throws Exception {
		org.junit.jupiter.api.Assumptions.assumeFalse(signal.equals("INT") && sigintIgnored(),
				"SIGINT is ignored in this process (started in the background?), and so in its children: Ctrl-C cannot be tested");
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap, "-Djava.awt.headless=true", "-Dai.djl.offline=true",
				"-cp", cp, Main.class.getName()));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		StringBuffer log = new StringBuffer();
		CountDownLatch started = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line; (line = r.readLine()) != null;) {
					log.append(line).append('\n');
					if (line.startsWith(ready)) started.countDown();
				}
			} catch (IOException e) {
				log.append(e).append('\n');
			}
		}, "child output");
		reader.setDaemon(true);
		reader.start();
		try {
			assertTrue(started.await(120, TimeUnit.SECONDS), "no line '" + ready + "…' in two minutes:\n" + log);
			Thread.sleep(delayMillis);
			for (int k = 0; k < signals; k++) {
				new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
				Thread.sleep(100);
			}
			assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running two minutes after Ctrl-C:\n" + log);
		} finally {
			p.destroyForcibly();
		}
		reader.join(10_000);
		return new Outcome(p.exitValue(), log.toString());
	}
}
