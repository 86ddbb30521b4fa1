package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataCommandTest {
	@Test
	void writesTheDataSetAndPrintsASummary(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("data");
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int rc = Main.run(new String[] {"sample-data", "--out", out.toString(), "--subjects", "2", "--seed", "3", "--dims", "32,32,8"},
				new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(0, rc, e.toString(StandardCharsets.UTF_8));
		String line = o.toString(StandardCharsets.UTF_8);
		assertTrue(line.startsWith("{\"out\":") && line.contains("\"subjects\":2"), line);
		assertTrue(Files.exists(out.resolve("images/synth_001.nii.gz")));
		assertTrue(Files.exists(out.resolve("labels/synth_001.nii.gz")));
		assertTrue(Files.readString(out.resolve("README.md")).contains("--subjects 2 --seed 3 --dims 32,32,8"));
	}

	@Test
	void badFlagsExitWithStatus2() {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8), err = new PrintStream(e, true, StandardCharsets.UTF_8);
		assertEquals(2, Main.run(new String[] {"sample-data", "--subjects", "0"}, out, err));
		assertEquals(2, Main.run(new String[] {"sample-data", "--seed", "x"}, out, err));
		assertEquals(2, Main.run(new String[] {"sample-data", "--dims", "4,4"}, out, err));
		assertEquals(2, Main.run(new String[] {"sample-data", "--bogus", "1"}, out, err));
		assertTrue(e.toString(StandardCharsets.UTF_8).startsWith("punet: error: "));
	}
}
