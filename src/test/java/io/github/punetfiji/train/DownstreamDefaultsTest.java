package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.model.PunetConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prompt tuning with only {@code --downstream --selective_freezing} gets the settings that work on a CPU budget,
 * whatever the pre-trained model's saved configuration says; a value the user gives wins; {@code --reference_defaults}
 * gives the reference's.
 */
class DownstreamDefaultsTest {
	static PunetConfig effective(Object... overrides) {
		TrainingOptions o = new TrainingOptions();
		o.loss = "meta";
		o.overrides.put("downstream", true);
		o.overrides.put("selective_freezing", true);
		o.overrides.put("label_indices_downstream_active", List.of(4L));
		for (int i = 0; i < overrides.length; i += 2) o.overrides.put((String) overrides[i], overrides[i + 1]);
		// NB: a body pre-trained with the reference's values saved in its model.json
		return o.effectiveConfig(
				PunetConfig.preset("small").with("learning_rate_instructions_downstream", 0.005).with("mean_initialization", false));
	}

	@Test
	void theDefaultsAreTheOnesThatWork() {
		PunetConfig c = effective();
		assertEquals(0.05, c.d("learning_rate_instructions_downstream"));
		assertTrue(c.b("mean_initialization"));
		assertTrue(c.b("additive_alpha_from_data"));
		assertEquals(0.1, c.d("additive_alpha_factor"));
		assertFalse(c.b("reference_schedule"));
	}

	@Test
	void aUsersValueWins() {
		PunetConfig c = effective("learning_rate_instructions_downstream", 0.01, "mean_initialization", false, "additive_alpha_from_data",
				false);
		assertEquals(0.01, c.d("learning_rate_instructions_downstream"));
		assertFalse(c.b("mean_initialization"));
		assertFalse(c.b("additive_alpha_from_data"));
		assertEquals(0.1, c.d("additive_alpha_factor"), "the others keep the defaults");
	}

	@Test
	void referenceDefaultsAreOneSwitchAway() {
		PunetConfig c = effective("reference_defaults", true);
		assertEquals(0.005, c.d("learning_rate_instructions_downstream"));
		assertFalse(c.b("mean_initialization"));
		assertFalse(c.b("additive_alpha_from_data"));
		assertTrue(c.b("reference_schedule"));
	}

	@Test
	void preTrainingIsUnchanged() {
		TrainingOptions o = new TrainingOptions();
		o.loss = "meta_self";
		PunetConfig c = o.effectiveConfig(PunetConfig.preset("small"));
		assertEquals(PunetConfig.preset("small").d("learning_rate_instructions_downstream"), c.d("learning_rate_instructions_downstream"));
		assertFalse(c.b("mean_initialization"));
	}
}
