package io.github.punetfiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.PunetException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every configuration option builds, runs and has the effect the reference gives it. */
class VariantsTest {
	static final int[][] LI = {{1, 1, 0, 1}, {1, 0, 1, 1}};

	static NDArray run(PunetConfig cfg, NDManager m, int[][] li, PunetNetwork.Mode mode) {
		Engine.getInstance().setRandomSeed(3);
		PunetNetwork net = new PunetNetwork(cfg);
		net.initializeParameters(m);
		NDArray x = m.randomNormal(new Shape(2, 1, 16, 12, 1));
		return net.forward(new ParameterStore(m, false), x, li, mode, false, false).dense;
	}

	@Test
	void promptingVariantsDecideWhichBlocksHavePools() {
		Map<String, Integer> pools = Map.of("start", 2 + 1, "end", 1, "encoder", 10 + 1, "decoder", 8 + 1, "full", 18 + 1);
		for (Map.Entry<String, Integer> e : pools.entrySet()) {
			PunetConfig cfg = PunetConfig.preset("tiny").with("prompting_variant", e.getKey());
			assertEquals(e.getValue(), new PunetNetwork(cfg).pools().size(), e.getKey());
			try (NDManager m = NDManager.newBaseManager()) {
				assertArrayEquals(new long[] {2, 3, 16, 12, 1}, run(cfg, m, LI, PunetNetwork.Mode.BOTH).getShape().getShape());
			}
		}
	}

	@Test
	void multipleActiveClassesPerSampleWork() {
		// NB: the reference crashes here (ParameterList indexed by a tensor); this port supports it.
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray out = run(PunetConfig.preset("tiny"), m, LI, PunetNetwork.Mode.BOTH);
			assertEquals(3, out.getShape().get(1));
		}
	}

	@Test
	void noninstructedAttentionIgnoresBlockPromptsButTheHeadUsesThem() {
		PunetConfig cfg = PunetConfig.preset("tiny").with("noninstructed_attention", true);
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray a = run(cfg, m, LI, PunetNetwork.Mode.BOTH);
			NDArray b = run(cfg, m, LI, PunetNetwork.Mode.SELF);
			NDArray c = run(PunetConfig.preset("tiny"), m, LI, PunetNetwork.Mode.SELF);
			assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
			assertArrayEquals(a.toFloatArray(), c.toFloatArray(), 0f);
			NDArray d = run(PunetConfig.preset("tiny"), m, LI, PunetNetwork.Mode.BOTH);
			assertFalse(d.sub(c).abs().max().getFloat() == 0f, "prompts change the blocks' output");
		}
	}

	@Test
	void biasSchemesAggregationsAndAdaptersRun() {
		PunetConfig base = PunetConfig.preset("tiny");
		PunetConfig[] cfgs = {base.with("no_bias_instructions", true), // image_only
				base.with("no_bias_instructions", true).with("no_bias_content", true), // pure
				base.with("no_bias_instructions", true).with("no_bias_content", true).with("bias_vit", true), // vit
				base.with("unique_instruction_bias", false), base.with("unique_token_bias", false),
				base.with("unique_instruction_bias", false).with("unique_token_bias", false), base.with("mean_aggregation", true),
				base.with("top_k_selection", true), base.with("instructions_use_norm", true),
				base.with("adaptation_variant", "bias_prompting"),};
		for (PunetConfig cfg : cfgs) {
			try (NDManager m = NDManager.newBaseManager()) {
				NDArray out = run(cfg, m, LI, PunetNetwork.Mode.BOTH);
				assertArrayEquals(new long[] {2, 3, 16, 12, 1}, out.getShape().getShape());
				assertTrue(out.isInfinite().logicalOr(out.isNaN()).none().getBoolean());
			}
		}
		for (String variant : new String[] {"fixed", "decoder", "bias", "adapter"}) {
			PunetConfig cfg = base.with("adaptation_variant", variant).with("fixed_output", true).with("label_indices_max_active", 3);
			try (NDManager m = NDManager.newBaseManager()) {
				assertArrayEquals(new long[] {2, 4, 16, 12, 1}, run(cfg, m, LI, PunetNetwork.Mode.BOTH).getShape().getShape());
			}
		}
	}

	@Test
	void badConfigurationsAndInputsGiveClearErrors() {
		PunetConfig base = PunetConfig.preset("tiny");
		assertThrows(PunetException.class, () -> base.with("adaptation_variant", "fixed").validate());
		assertThrows(PunetException.class, () -> new PunetNetwork(base.with("attention_heads", 3)));
		assertThrows(PunetException.class, () -> base.with("patch_size_teacher", new int[] {41, 40, 1}).validate());
		try (NDManager m = NDManager.newBaseManager()) {
			PunetException e = assertThrows(PunetException.class,
					() -> run(base, m, new int[][] {{1, 1, 0, 0}, {1, 1, 1, 0}}, PunetNetwork.Mode.BOTH));
			assertTrue(e.getMessage().contains("same number of active classes"), e.getMessage());
		}
	}
}
