package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mean initialisation of a new class's prompts: the reference's final pool only, or every per-class prompt parameter. */
class PromptInitializationTest {
	private static final String FINAL = "instruction_pool.instruction_tokens.instructions.";

	private static Map<String, float[]> snapshot(PunetNetwork net) {
		Map<String, float[]> s = new LinkedHashMap<>();
		for (Map.Entry<String, Parameter> e : net.namedTrainableParameters().entrySet())
			s.put(e.getKey(), e.getValue().getArray().toFloatArray());
		return s;
	}

	private static float[] mean(Map<String, float[]> s, String prefix, int... classes) {
		float[] m = new float[s.get(prefix + classes[0]).length];
		for (int k : classes) {
			float[] v = s.get(prefix + k);
			for (int i = 0; i < m.length; i++) m[i] += v[i];
		}
		for (int i = 0; i < m.length; i++) m[i] /= classes.length;
		return m;
	}

	private static PunetNetwork network(NDManager m) {
		PunetConfig c = PunetConfig.preset("tiny").with("out_channels", 9).with("instruction_pool_size", 10).validate();
		PunetNetwork net = new PunetNetwork(c);
		net.initializeParameters(m);
		return net;
	}

	@Test
	void finalScopeSetsOnlyTheFinalPoolAsTheReference() {
		try (NDManager m = NDManager.newBaseManager()) {
			PunetNetwork net = network(m);
			Map<String, float[]> before = snapshot(net);
			assertEquals(1, PromptInitialization.meanOfBase(net, new int[] {1, 3}, new int[] {5}, "final"));
			Map<String, float[]> after = snapshot(net);
			assertArrayEquals(mean(before, FINAL, 1, 3), after.get(FINAL + 5), 1e-7f);
			for (String k : before.keySet()) {
				if (!k.equals(FINAL + 5)) assertArrayEquals(before.get(k), after.get(k), 0f, k);
			}
		}
	}

	@Test
	void allScopeSetsEveryPromptTensorOfTheNewClass() {
		try (NDManager m = NDManager.newBaseManager()) {
			PunetNetwork net = network(m);
			Map<String, float[]> before = snapshot(net);
			int set = PromptInitialization.meanOfBase(net, new int[] {1, 3}, new int[] {5, 6}, "all");
			Map<String, float[]> after = snapshot(net);
			int pools = 0;
			int scores = 0;
			for (String k : before.keySet()) {
				boolean perClass = k.matches(".*\\.(instructions|encoding_cross_inst_content)\\.[56]$");
				if (!perClass) {
					assertArrayEquals(before.get(k), after.get(k), 0f, k + " must not change");
					continue;
				}
				String prefix = k.substring(0, k.lastIndexOf('.') + 1);
				assertArrayEquals(mean(before, prefix, 1, 3), after.get(k), 1e-6f, k);
				assertFalse(java.util.Arrays.equals(before.get(k), after.get(k)), k + " changed");
				if (k.contains(".instructions.")) pools++;
				else scores++;
			}
			assertTrue(pools > 2 && scores > 2, "deep prompts and bias scores are covered: " + pools + " pools, " + scores + " scores");
			assertEquals(pools + scores, set);
		}
	}

	@Test
	void unknownScopeIsRefusedWithTheChoices() {
		try (NDManager m = NDManager.newBaseManager()) {
			PunetNetwork net = network(m);
			PunetException e = assertThrows(PunetException.class,
					() -> PromptInitialization.meanOfBase(net, new int[] {1}, new int[] {2}, "deep"));
			assertTrue(e.getMessage().contains("final|all"), e.getMessage());
			assertEquals(0, PromptInitialization.meanOfBase(net, new int[0], new int[] {2}, "all"));
		}
	}
}
