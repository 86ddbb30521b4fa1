package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.github.punetfiji.model.ParameterGroups;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainable set of every adaptation variant, as the reference's set_requires_gradient defines it. */
class SelectiveFreezingTest {
	static final boolean[] CLASS_4 = {false, false, false, false, true, false, false, false, false, false};

	static Map<String, Parameter> select(PunetConfig c, boolean selective) {
		return SelectiveFreezing.select(new PunetNetwork(c.with("downstream", true).validate()), selective, CLASS_4);
	}

	@Test
	void promptTuningTrainsOnlyTheNewClassPromptsUnderOnePercent() {
		PunetConfig c = PunetConfig.preset("2d");
		Map<String, Parameter> t = select(c, true);
		for (String name : t.keySet()) {
			assertTrue(name.endsWith(".instructions.4") || name.endsWith(".encoding_cross_inst_content.4"), name);
		}
		long n = ParameterGroups.count(t.values());
		long total = ParameterGroups.count(new PunetNetwork(c).namedTrainableParameters().values());
		assertEquals(19 * 1 + 18 * 1, t.size(), "a token set per pool and a bias encoding per attention block");
		assertTrue(n / (double) total < 0.01, "fraction " + n / (double) total);
		// the reference's behaviour: the shared per-head bias weights learn too
		assertEquals(t.size() + 18, select(c.with("train_shared_bias_weights", true), true).size());
	}

	@Test
	void theSmallPresetsPromptTuningTrainsUnderOnePercent() {
		PunetConfig c = PunetConfig.preset("small");
		long n = ParameterGroups.count(select(c, true).values());
		long total = ParameterGroups.count(new PunetNetwork(c).namedTrainableParameters().values());
		assertTrue(n / (double) total < 0.01, n + " of " + total + " = " + n / (double) total);
	}

	@Test
	void everyVariantHasTheReferenceTrainableSet() {
		PunetConfig fixed = PunetConfig.preset("tiny").with("out_channels", 9).with("instruction_pool_size", 10).with("fixed_output", true);
		for (String variant : new String[] {"fixed", "decoder", "bias", "adapter"}) {
			Map<String, Parameter> t = select(fixed.with("adaptation_variant", variant), true);
			for (String name : t.keySet()) {
				ParameterGroups.Group g = ParameterGroups.of(name);
				boolean ok = g == ParameterGroups.Group.FIXED || variant.equals("decoder") && g == ParameterGroups.Group.DECODER
						|| variant.equals("adapter") && g == ParameterGroups.Group.ADAPTER
						|| variant.equals("bias") && (name.contains("bias") || name.contains("norm"));
				assertTrue(ok, variant + ": " + name);
			}
			assertTrue(t.keySet().stream().anyMatch(k -> k.startsWith("conv_fixed.")), variant + " trains the fixed head");
		}
		PunetConfig tiny = PunetConfig.preset("tiny").with("out_channels", 9).with("instruction_pool_size", 10);
		Map<String, Parameter> bp = select(tiny.with("adaptation_variant", "bias_prompting"), true);
		assertTrue(bp.keySet().stream().anyMatch(k -> k.endsWith(".instructions.4")));
		assertTrue(bp.keySet().stream().anyMatch(k -> k.endsWith("norm.bias")));
		PunetNetwork all = new PunetNetwork(tiny);
		assertEquals(all.namedTrainableParameters().size(), select(tiny, false).size(), "without selective freezing everything learns");
	}
}
