package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.ValidationScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code losses.csv} written line by line as a run goes reads exactly as the file written at the end. */
class LossCsvTest {
	@TempDir
	Path tmp;

	private static TrainingStep step(int k, ValidationScore v) {
		return new TrainingStep(k, 6, 0, Map.of("seg_s0", 0.5 / k, "all", 1.0 / k), new double[] {1e-3, 1e-2}, 6 - k, 10, v);
	}

	@Test
	void theFileGrowsByALinePerStepAndEndsAsTheWholeLog() throws Exception {
		LossLog log = new LossLog();
		log.add(step(1, null)); // NB: a resumed run's steps, from its checkpoint
		Path live = tmp.resolve("losses.csv");
		try (LossCsv csv = new LossCsv(live, log)) {
			assertEquals(2, Files.readAllLines(live).size());
			for (int k = 2; k <= 3; k++) {
				log.add(step(k, null));
				csv.update();
				assertEquals(k + 1, Files.readAllLines(live).size(), "after step " + k);
			}
			// a validation of classes 1 and 2 widens the columns: the file is written again, whole
			log.add(step(4,
					new ValidationScore(0.75, new java.util.TreeMap<>(Map.of(1, 0.5, 2, 1.0)), Map.of(1, "liver", 2, "spleen"), 4, 0.1)));
			csv.update();
			log.add(step(5, null));
			csv.update();
			csv.update(); // nothing new: nothing written
		}
		Path whole = tmp.resolve("whole.csv");
		log.writeCsv(whole);
		List<String> expected = Files.readAllLines(whole);
		assertEquals(6, expected.size());
		assertEquals("step,epoch,loss,seg_s0,seg_s1,contrastive_s0,contrastive_s1,lr,lr_instructions,val_dice,val_dice_1,val_dice_2",
				expected.get(0));
		assertEquals(expected, Files.readAllLines(live));
	}
}
