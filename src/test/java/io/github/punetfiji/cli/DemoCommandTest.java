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

	@Test
	void fromAPreTrainedBodyTheDemoOnlyPromptTunesAndTests(@TempDir Path tmp) throws Exception {
		Path data = tmp.resolve("data");
		SampleData.write(data, 4, 3, new int[] {48, 48, 4}, "test", 1);
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
		// a body as the bundled one is made: pre-trained by this project's own fit
		assertEquals(0, Main.run(new String[] {"demo", "--quick", "--data", data.toString(), "--out", tmp.resolve("first").toString()},
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), e), err.toString(StandardCharsets.UTF_8));
		Path body = tmp.resolve("first/pretrain/model.punet");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int rc = Main.run(new String[] {"demo", "--data", data.toString(), "--body", body.toString(), "--prompt_steps", "2", "--out",
				tmp.resolve("demo").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), e);
		assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
		Map<String, Object> summary = Json.parseObject(out.toString(StandardCharsets.UTF_8).trim(), "summary");
		assertEquals(body.toString(), summary.get("body"));
		assertTrue(summary.containsKey("mean_dice") && summary.containsKey("base_validation") && !summary.containsKey("base_mean_dice"),
				summary.toString());
		assertTrue(Files.exists(tmp.resolve("demo/prompt-tuned/model.punet")));
		assertTrue(!Files.exists(tmp.resolve("demo/pretrain")), "no pre-training");
		assertEquals(2, Files.readAllLines(tmp.resolve("demo/prompt-tuned/losses.csv")).size() - 1, "2 prompt-tuning steps");
	}

	@Test
	void withoutTheBundledBodyItSaysWhatToDo(@TempDir Path tmp) throws Exception {
		Path data = tmp.resolve("data");
		SampleData.write(data, 4, 3, new int[] {16, 16, 2}, "test", 1);
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int rc = Main.run(new String[] {"demo", "--data", data.toString(), "--out", tmp.resolve("demo").toString()},
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(2, rc);
		String message = err.toString(StandardCharsets.UTF_8);
		assertTrue(
				message.contains("no pre-trained body " + data.resolve("body").resolve("model.punet"))
						&& message.contains("--from_scratch"),
				message);
		assertTrue(!Files.exists(tmp.resolve("demo")), "nothing written");
	}
}
