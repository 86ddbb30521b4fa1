package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A prompt pool ({@code InstructionPool} → {@code instruction_tokens} → {@code instructions.<class>}):
 * {@code T} learned tokens of C channels per class, optionally layer-normed. Selecting prompts for a
 * batch concatenates the tokens of each sample's active classes in ascending class order.
 *
 * <p>Output {@code (B, I*T, C)}: I active classes per sample (equal for every sample), T tokens each.
 */
public final class PromptPoolBlock extends PunetBlock {
	private final Tokens tokens;

	/** The {@code LearnedNormedInstruction} module. */
	static final class Tokens extends PunetBlock {
		final ParamListBlock instructions;
		final Layers.LayerNormLayer norm;

		Tokens(int poolSize, int tokensPerPrompt, int channels, boolean useNorm) {
			instructions = child("instructions", new ParamListBlock(poolSize, tokensPerPrompt, channels));
			norm = useNorm ? child("instructions_norm", new Layers.LayerNormLayer(channels)) : null;
		}
	}

	public PromptPoolBlock(int poolSize, int channels, int tokensPerPrompt, boolean useNorm) {
		tokens = child("instruction_tokens", new Tokens(poolSize, tokensPerPrompt, channels, useNorm));
	}

	/** The token parameter of one class, {@code (T, C)}. */
	public Parameter classTokens(int classIndex) {
		return tokens.instructions.get(classIndex);
	}

	public int poolSize() {
		return tokens.instructions.size();
	}

	/**
	 * @param classes per sample, the classes whose tokens to use (ascending); all samples the same count
	 * @return {@code (B, I*T, C)}
	 */
	public NDArray forward(ParameterStore ps, NDArray like, int[][] classes) {
		NDList perSample = new NDList();
		for (int[] c : classes) {
			NDList parts = new NDList();
			for (int k : c) {
				if (k >= poolSize()) throw new IllegalArgumentException("class " + k + " is outside the prompt pool of " + poolSize());
				NDArray t = v(ps, tokens.instructions.get(k), like); // (T, C)
				parts.add(tokens.norm == null ? t : tokens.norm.forward(ps, t));
			}
			perSample.add(Constants.concat(parts, 0)); // (I*T, C)
		}
		return Constants.stack(perSample, 0); // (B, I*T, C)
	}
}
