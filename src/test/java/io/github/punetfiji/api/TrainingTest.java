package io.github.punetfiji.api;

import io.github.punetfiji.train.TrainingOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A Fiji prompt-tuning request turns into the same trainer options as the CLI's flags. */
class TrainingTest {
	private static PromptTuneRequest request(String scope, double factor) {
		TrainingSettings s = new TrainingSettings(4, 100, 40, -1, 5e-4, 0.05, 0, 1, 0);
		return new PromptTuneRequest(Path.of("m.punet"), Path.of("img"), Path.of("lbl"), Path.of("out"), "prompting", true, new int[] {4},
				new int[0], 2, null, s, true, scope, factor, false, false, false, null);
	}

	@Test
	void initialisationScopeAndClassWeightsBecomeConfigOverrides() {
		TrainingOptions o = Training.promptTuneOptions(request("all", 0.01));
		assertEquals("all", o.overrides.get("mean_initialization_scope"));
		assertEquals(true, o.overrides.get("additive_alpha_from_data"));
		assertEquals(0.01, o.overrides.get("additive_alpha_factor"));
		assertEquals(true, o.overrides.get("mean_initialization"));
	}

	@Test
	void aFactorOfZeroSwitchesClassWeightsOff() {
		// NB: otherwise the adaptation defaults (DownstreamDefaults) would weigh the classes
		TrainingOptions o = Training.promptTuneOptions(request(null, 0));
		assertEquals("final", o.overrides.get("mean_initialization_scope"));
		assertEquals(false, o.overrides.get("additive_alpha_from_data"));
		assertFalse(o.overrides.containsKey("additive_alpha_factor"));
	}

	@Test
	void validationBecomesTheTrainersValidationFlags() {
		TrainingSettings s = new TrainingSettings(4, 100, 40, -1, 5e-4, 0.05, 0, 1, 0);
		PromptTuneRequest r = new PromptTuneRequest(Path.of("m.punet"), Path.of("img"), Path.of("lbl"), Path.of("out"), "prompting", true,
				new int[] {4}, new int[0], 2, null, s, true, "final", 0.1, false, false, false, null,
				new ValidationSettings(Path.of("vi"), Path.of("vl"), List.of("case_07"), new int[] {12, 30}, 50, 8));
		TrainingOptions o = Training.promptTuneOptions(r);
		assertEquals(Path.of("vi"), o.dirImagesVal);
		assertEquals(Path.of("vl"), o.dirMasksVal);
		assertEquals(List.of("case_07"), o.valSubjects);
		assertArrayEquals(new int[] {12, 30}, o.valSlices);
		assertEquals(50, o.validationEvery());
		assertEquals(8, o.valMaxSlices);
		// a dialog always has an interval; without validation data nothing validates (and nothing is refused)
		TrainingOptions none = Training.promptTuneOptions(request("final", 0.1));
		assertFalse(none.validationNamed());
		assertEquals(0, none.validationEvery());
		assertEquals(ValidationSettings.NONE.every(), ValidationSettings.DEFAULT_EVERY);
		// the slice numbers are checked once, where the CLI and Fiji meet (FitRequest)
		PromptTuneRequest bad = new PromptTuneRequest(Path.of("m.punet"), Path.of("img"), Path.of("lbl"), Path.of("out"), "prompting", true,
				new int[] {4}, new int[0], 2, null, s, true, "final", 0.1, false, false, false, null,
				new ValidationSettings(null, null, null, new int[] {-1}, 10, 0));
		assertTrue(assertThrows(PunetException.class, () -> Training.promptTuneOptions(bad)).getMessage().startsWith("--val_slices"));
	}

	@Test
	void badScopeOrFactorIsRefused() {
		assertTrue(assertThrows(PunetException.class, () -> request("deep", 0)).getMessage().contains("final or all"));
		assertTrue(assertThrows(PunetException.class, () -> request("all", -1)).getMessage().contains("0 or more"));
		assertThrows(PunetException.class, () -> request("all", Double.NaN));
	}
}
