package io.github.punetfiji.train;

import io.github.punetfiji.Progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downstream one-cycle schedule spans the run's real length ({@code --max_steps}): it warms up from max/20
 * to the maximum over the first tenth and anneals back; the reference's per-epoch stepping
 * ({@code reference_schedule}) stays at max/20 for a run shorter than an epoch.
 */
class ScheduleTest {
	@TempDir
	static Path tmp;

	static final double MAX = 0.05;

	@BeforeAll
	static void data() {
		PromptTuningFixtures.body(tmp, 2, new int[] {48, 48, 2});
	}

	/** The prompt group's learning rate at each of 20 prompt-tuning steps (one epoch is 5,000 crops: the run is shorter). */
	static List<Double> promptRates(String name, boolean reference) {
		TrainingOptions o = PromptTuningFixtures.promptTuning(tmp, name);
		o.maxSteps = 20;
		o.overrides.put("learning_rate_instructions_downstream", MAX);
		if (reference) o.overrides.put("reference_schedule", true);
		List<Double> lrs = new ArrayList<>();
		Trainer.run(o, Progress.steps(e -> lrs.add(e.learningRates()[1]), null));
		return lrs;
	}

	@Test
	void theScheduleSpansMaxSteps() {
		List<Double> lr = promptRates("by-step", false);
		assertEquals(20, lr.size());
		assertEquals(MAX / 20, lr.get(0), 1e-12, "starts at max/20");
		assertEquals(MAX, lr.get(1), 1e-12, "reaches the maximum after a tenth of the run (pct_start 0.1)");
		for (int i = 2; i < 20; i++) assertTrue(lr.get(i) < lr.get(i - 1), "anneals every step: " + lr);
		assertEquals(MAX / 20, lr.get(19), 1e-12, "ends at max/20 (final_div_factor 1)");
	}

	@Test
	void theReferenceScheduleStaysAtItsStartForARunShorterThanAnEpoch() {
		for (double x : promptRates("reference", true)) assertEquals(MAX / 20, x, 1e-12);
	}
}
