package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end demo (pre-train, prompt-tune a new class, test) on a small generated data set. */
class DemoCommandTest {
	@Test
	void demoRunsEveryStageAndPrintsTheSummary(@TempDir Path tmp) throws Exception {
		Path data = tmp.resolve("data");
		SampleData.write(data, 4, 3, new int[] {48, 48, 4}, "test", 1);
		byte[] before = Files.readAllBytes(data.resolve("images/synth_000.nii.gz"));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int rc = Main.run(new String[] {"demo", "--quick", "--data", data.toString(), "--out", tmp.resolve("demo").toString()},
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
		Map<String, Object> summary = Json.parseObject(out.toString(StandardCharsets.UTF_8).trim(), "summary");
		assertTrue(summary.containsKey("mean_dice"));
		assertTrue(summary.containsKey("base_mean_dice"));
		assertEquals(4L, summary.get("new_class"));
		assertTrue(((Number) summary.get("trainable_fraction")).doubleValue() < 0.1);
		for (String f : new String[] {"pretrain/model.punet", "pretrain/losses.csv", "prompt-tuned/model.punet", "test/metrics.csv",
				"test/synth_003_labels.nii.gz", "test-base/metrics.csv"}) {
			assertTrue(Files.exists(tmp.resolve("demo").resolve(f)), f);
		}
		assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(data.resolve("images/synth_000.nii.gz"))), "inputs untouched");
	}
}
