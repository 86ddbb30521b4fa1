package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mode fit} with validation: the flags, the progress line's {@code val_dice}, the summary's best model; bad flags refused. */
class FitValidationCliTest {
	@TempDir
	Path dir;

	@Test
	void fitWithHeldOutSubjectsLogsValDiceAndNamesTheBestModel() throws Exception {
		SampleData.write(dir.resolve("data"), 3, 7, new int[] {48, 48, 4}, "test", 1);
		Path run = dir.resolve("run");
		ModelCliTest.Result r = ModelCliTest.cli("--mode", "fit", "--preset", "tiny", "--dir_images", dir.resolve("data/images"),
				"--dir_masks", dir.resolve("data/labels"), "--out", run, "--loss", "meta", "--label_indices_base", "1", "5", "--batch_size",
				"2", "--max_steps", "3", "--val_subjects", "synth_002", "--val_every", "2", "--val_max_slices", "0", "--checkpoint_every",
				"0", "--device", "cpu");
		assertEquals(0, r.status(), r.err());
		assertTrue(
				r.err().contains(
						"punet: validation every 2 steps on 4 annotated slice(s) of 1 subject(s) (synth_002), class 1 (liver), 5 (aorta)"),
				r.err());
		assertTrue(r.err().lines().anyMatch(l -> l.startsWith("punet: step 2/3 ") && l.contains(" val_dice ")), r.err());
		assertTrue(r.err().lines().anyMatch(l -> l.startsWith("punet: best.punet: step ")), r.err());
		Map<String, Object> summary = Json.parseObject(r.out().trim(), "summary");
		assertEquals(run.resolve("best.punet").toString(), summary.get("best_model"));
		int best = ((Number) summary.get("best_step")).intValue();
		assertTrue(best == 2 || best == 3, summary.toString());
		assertTrue(summary.get("val_dice") instanceof Number, summary.toString());
		assertTrue(Files.readAllLines(run.resolve("losses.csv")).get(0).endsWith(",val_dice,val_dice_1,val_dice_5"));
	}

	@Test
	void badValidationFlagsAreRefusedByName() {
		ModelCliTest.Result r = ModelCliTest.cli("--mode", "fit", "--dir_images", dir, "--out", dir.resolve("o"), "--val_every", "-5");
		assertEquals(2, r.status());
		assertEquals("punet: error: --val_every needs 0 (off) or more steps, got -5\n", r.err());
		r = ModelCliTest.cli("--mode", "fit", "--dir_images", dir, "--out", dir.resolve("o"), "--val_slices", "three");
		assertEquals("punet: error: flag --val_slices needs integers, got 'three'\n", r.err());
		r = ModelCliTest.cli("--mode", "fit", "--help");
		for (String f : new String[] {"--dir_images_val", "--dir_masks_val", "--val_subjects", "--val_slices", "--val_every",
				"--val_max_slices", "best.punet"}) {
			assertTrue(r.out().contains(f), f + " in " + r.out());
		}
	}
}
