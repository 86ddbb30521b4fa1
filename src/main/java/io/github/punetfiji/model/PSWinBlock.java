package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * The prompt-able shifted-window block ({@code DeepShiftedInstructedPromptableAttention}): windowed attention,
 * then shifted-window attention, each with the active prompt tokens prepended to every window (their
 * outputs are dropped after each sub-block) and its own bias scores.
 *
 * <p>Map {@code (B, C, H, W, D)}; prompts {@code (B, I, C)}; tokens {@code (B, P, I+N, C)}.
 */
public final class PSWinBlock extends PunetBlock {
	private final int[] window;
	private final PromptableAttention[] msa = new PromptableAttention[2];
	private final HeterogeneousBiasScores[] scores = new HeterogeneousBiasScores[2];

	public PSWinBlock(int channels, int heads, int poolSize, int tokensPerPrompt, int[] window, boolean uniquePrompt, boolean uniqueToken,
			boolean noBiasPrompts, boolean noBiasContent, boolean adapter) {
		this.window = window.clone();
		for (int k = 0; k < 2; k++) msa[k] = child("msa_blocks." + k, new PromptableAttention(channels, heads, adapter));
		for (int k = 0; k < 2; k++) {
			scores[k] = child("attention_scores." + k, new HeterogeneousBiasScores(heads, poolSize, tokensPerPrompt, window, uniquePrompt,
					uniqueToken, noBiasPrompts, noBiasContent));
		}
	}

	/**
	 * @param prompts null, or the prompt tokens of the windowed and the shifted sub-block, each {@code (B, I, C)}
	 * @param classes per-sample active classes behind the prompts (for their bias scores), or null
	 * @param trace if not null, receives the sub-blocks' inputs, scores, mask and outputs
	 */
	public NDArray forward(ParameterStore ps, NDArray x, NDArray[] prompts, int[][] classes, Map<String, NDArray> trace) {
		long[] s = x.getShape().getShape();
		Windows.Plan plan = Windows.plan((int) s[2], (int) s[3], (int) s[4], window);
		int promptTokens = prompts == null ? 0 : (int) prompts[0].getShape().get(1);
		x = Windows.pad(x, plan); // (B, C, Hp, Wp, Dp)
		NDArray mask = Windows.shiftMask(x.getManager(), plan, promptTokens, prompts != null); // (1, P, 1, I+N, I+N)

		x = attend(ps, 0, x, plan, prompts, classes, null, trace); // windowed, no mask
		if (plan.shifted()) x = Windows.roll(x, new int[] {-plan.shift[0], -plan.shift[1], -plan.shift[2]});
		x = attend(ps, 1, x, plan, prompts, classes, mask, trace); // shifted, masked
		if (plan.shifted()) x = Windows.roll(x, plan.shift);
		return Windows.crop(x, plan); // (B, C, H, W, D)
	}

	private NDArray attend(ParameterStore ps, int k, NDArray x, Windows.Plan plan, NDArray[] prompts, int[][] classes, NDArray mask,
			Map<String, NDArray> trace) {
		return Constants.scoped(trace != null, () -> attendScoped(ps, k, x, plan, prompts, classes, mask, trace));
	}

	private NDArray attendScoped(ParameterStore ps, int k, NDArray x, Windows.Plan plan, NDArray[] prompts, int[][] classes, NDArray mask,
			Map<String, NDArray> trace) {
		int promptTokens = prompts == null ? 0 : (int) prompts[k].getShape().get(1);
		NDArray pos = scores[k].forward(ps, x, promptTokens, plan.window, classes); // (B|1, heads, I+N, I+N)
		NDArray tokens = Windows.partition(x, plan.window); // (B, P, N, C)
		long[] ts = tokens.getShape().getShape();
		if (prompts != null) {
			NDArray p = prompts[k].expandDims(1).broadcast(ts[0], ts[1], promptTokens, ts[3]); // (B, P, I, C)
			tokens = NDArrays.concat(new NDList(p, tokens), 2); // (B, P, I+N, C)
		}
		String key = k == 0 ? "msa_w/" : "msa_sw/";
		if (trace != null) {
			trace.put(key + "in", tokens);
			trace.put(key + "pos_scores", pos.expandDims(1));
			if (mask != null) trace.put(key + "mask", mask);
		}
		NDArray out = msa[k].forward(ps, tokens, mask, pos); // (B, P, I+N, C)
		if (trace != null) trace.put(key + "out", out);
		out = out.get(new NDIndex(":, :, {}:", promptTokens)); // (B, P, N, C)
		return Windows.recombine(out, plan.window, plan.padded); // (B, C, Hp, Wp, Dp)
	}
}
