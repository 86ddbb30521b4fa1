package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C or SIGTERM during {@code --mode fit} in a real child process: exit status 3, and the run keeps what it learnt — a usable
 * {@code model.punet} marked stopped (as {@code ./punet info} shows), the checkpoint to continue from, and
 * {@code losses.csv} with a line per step done; the message says where.
 */
@org.junit.jupiter.api.Timeout(300)
class FitInterruptTest {
	@TempDir
	Path dir;

	@Test
	void ctrlCDuringTrainingKeepsTheModelMarkedStoppedAndItsCheckpoint() throws Exception {
		assertStoppedRunKeptItsWork("INT");
	}

	/** SIGTERM ({@code kill}, a batch scheduler's time limit) keeps the work like Ctrl-C; it is not ignored in the background. */
	@Test
	void sigtermDuringTrainingKeepsTheModelMarkedStoppedAndItsCheckpoint() throws Exception {
		assertStoppedRunKeptItsWork("TERM");
	}

	private void assertStoppedRunKeptItsWork(String signal) throws Exception {
		Path data = dir.resolve("data");
		SampleData.write(data, 2, 7, new int[] {48, 48, 4}, "test", 1);
		Path out = dir.resolve("run");
		InterruptedChild.Outcome o = InterruptedChild.run(signal, "1g", "punet: step 1/", 0, 1, "--mode", "fit", "--dir_images",
				data.resolve("images").toString(), "--dir_masks", data.resolve("labels").toString(), "--out", out.toString(), "--preset",
				"tiny", "--batch_size", "2", "--max_steps", "500", "--label_indices_base", "1", "2", "--threads", "1");
		String log = o.log();
		assertEquals(3, o.exitValue(), log);
		Matcher m = Pattern
				.compile("kept the model as it is \\(step (\\d+)\\) in (\\S+), the checkpoint (\\S+) \\(continue with --resume --ckpt")
				.matcher(log);
		assertTrue(m.find(), log.toString());
		int steps = Integer.parseInt(m.group(1));
		assertTrue(steps >= 1 && steps < 500, log.toString());
		assertEquals(out.resolve("model.punet").toString(), m.group(2));
		assertEquals(out.resolve(String.format("checkpoints/step_%06d.punet", steps)).toString(), m.group(3));
		assertTrue(Files.exists(out.resolve(String.format("checkpoints/step_%06d.punet", steps))));
		assertEquals(steps + 1, Files.readAllLines(out.resolve("losses.csv")).size(), "a header and a line per step done");

		ByteArrayOutputStream info = new ByteArrayOutputStream();
		assertEquals(0, Main.run(new String[] {"info", out.resolve("model.punet").toString()}, new PrintStream(info, true), System.err));
		Map<String, Object> j = Json.parseObject(info.toString().trim(), "info");
		assertEquals((long) steps, j.get("stopped_at_step"));
		assertEquals((long) steps, j.get("steps"));
	}
}
