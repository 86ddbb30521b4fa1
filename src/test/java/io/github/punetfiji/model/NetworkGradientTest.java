package io.github.punetfiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradients reach every trainable parameter of the network, are finite, and do not change when a
 * garbage collection runs between forward and backward (DJL scalar operands freed under autograd).
 */
class NetworkGradientTest {
	static Map<String, float[]> gradients(boolean collectGarbage) {
		Map<String, float[]> out = new LinkedHashMap<>();
		try (NDManager m = NDManager.newBaseManager()) {
			Engine.getInstance().setRandomSeed(11);
			PunetNetwork net = new PunetNetwork(PunetConfig.preset("tiny").with("attn_window_size", new int[] {4, 4, 1}));
			net.initializeParameters(m);
			NDArray x = m.randomNormal(new Shape(2, 1, 20, 16, 1));
			NDArray w = m.randomNormal(new Shape(2, 2, 20, 16, 1));
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				NDArray y = net.forward(new ParameterStore(m, false), x, new int[][] {{1, 1, 0, 0}, {1, 0, 0, 1}}, PunetNetwork.Mode.BOTH,
						true, false).dense;
				NDArray loss = y.mul(w).sum();
				if (collectGarbage) {
					for (int k = 0; k < 3; k++) System.gc();
				}
				gc.backward(loss);
			}
			for (Map.Entry<String, Parameter> e : net.namedTrainableParameters().entrySet()) {
				out.put(e.getKey(), e.getValue().getArray().getGradient().toFloatArray());
			}
		}
		return out;
	}

	/**
	 * Which parameters must get a gradient: all but the prompts (and prompt biases) of classes no
	 * sample uses, and the content biases of shifted sub-blocks at levels too small to shift, where the
	 * reference's multiplicative mask zeroes every content logit (all tokens share one region id).
	 */
	static boolean expectsGradient(String name) {
		java.util.regex.Matcher cls = java.util.regex.Pattern.compile("(instructions|encoding_cross_inst_content)\\.(\\d+)$").matcher(name);
		if (cls.find()) {
			int c = Integer.parseInt(cls.group(2));
			boolean finalPool = name.startsWith("instruction_pool.");
			return finalPool ? c != 2 : c == 1 || c == 3; // block pools skip background (separate_background)
		}
		boolean unshiftedLevel = name.matches("sia_res_blocks\\.[234]\\..*|sia_up_blocks\\.[01]\\..*");
		return !(unshiftedLevel && name.contains("attention_scores.1.") && name.contains("_content_"));
	}

	@Test
	void aSingleSampleWithOneClassStillTrainsItsPrompts() {
		try (NDManager m = NDManager.newBaseManager()) {
			PunetNetwork net = new PunetNetwork(PunetConfig.preset("tiny"));
			net.initializeParameters(m);
			// train-mode batch norm needs > 1 value per channel at the deepest level
			NDArray x = m.randomNormal(new Shape(1, 1, 64, 64, 1));
			try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
				gc.backward(
						net.forward(new ParameterStore(m, false), x, new int[][] {{1, 0, 1, 0}}, PunetNetwork.Mode.BOTH, true, false).dense
								.sum());
			}
			Map<String, Parameter> p = net.namedTrainableParameters();
			for (String name : new String[] {"sia_res_instruction_blocks_v2.0.instruction_tokens.instructions.2",
					"sia_res_blocks.0.sia.attention_scores.0.encoding_cross_inst_content.2",
					"instruction_pool.instruction_tokens.instructions.2"}) {
				assertTrue(p.get(name).getArray().getGradient().abs().sum().getFloat() > 0, name);
			}
		}
	}

	@Test
	void gradientsAreCompleteFiniteAndStableUnderGarbageCollection() {
		Map<String, float[]> plain = gradients(false);
		Map<String, float[]> collected = gradients(true);
		int nonZero = 0;
		for (Map.Entry<String, float[]> e : plain.entrySet()) {
			float[] a = e.getValue();
			float[] b = collected.get(e.getKey());
			double norm = 0;
			for (int i = 0; i < a.length; i++) {
				assertTrue(Float.isFinite(a[i]), e.getKey());
				assertEquals(a[i], b[i], 1e-5 + 1e-4 * Math.abs(a[i]), e.getKey() + " changes under GC");
				norm += Math.abs(a[i]);
			}
			if (norm > 0) nonZero++;
			assertEquals(expectsGradient(e.getKey()), norm > 0, e.getKey());
		}
		assertTrue(nonZero > 350, nonZero + " of " + plain.size() + " parameters got a gradient");
	}
}
