package io.github.punetfiji.model;

/**
 * The network's settings of a config that {@link PunetConfig} does not already type ({@link PunetConfig#heads},
 * {@link PunetConfig#window}, {@link PunetConfig#tokensPerPrompt}, …), typed and named: read here, once, and nowhere else
 * in the network and inference code. {@link #of} is the mapping table to the reference's key names (those of
 * {@code model.json} and of the {@code --key} flags).
 *
 * @param promptsUseNorm {@code instructions_use_norm}: layer norm on the prompt tokens
 * @param biasVit {@code bias_vit}: the ViT-style bias variant (a 3D-shaped patch even for flat inputs)
 * @param labelIndicesMaxActive {@code label_indices_max_active}: most classes active per pass
 * @param labelIndicesBase {@code label_indices_base}: the classes pre-training supervised
 * @param labelIndicesDownstreamActive {@code label_indices_downstream_active}: the classes adaptation learnt
 * @param uniquePromptBias {@code unique_instruction_bias}: bias scores per class rather than shared
 * @param uniqueTokenBias {@code unique_token_bias}: bias scores per prompt token rather than shared
 * @param noBiasPrompts {@code no_bias_instructions}: no content→prompt bias scores
 * @param noBiasContent {@code no_bias_content}: no content→content bias scores
 * @param separateBackground {@code separate_background}: background tokens per foreground class
 * @param softSelectionSigma {@code soft_selection_sigma}: σ of the similarity aggregation's softmax re-weighting
 * @param meanAggregation {@code mean_aggregation}: aggregate by the mean
 * @param topKSelection {@code top_k_selection}: aggregate by the top k
 */
public record NetworkConfig(boolean promptsUseNorm, boolean biasVit, int labelIndicesMaxActive, int[] labelIndicesBase,
		int[] labelIndicesDownstreamActive, boolean uniquePromptBias, boolean uniqueTokenBias, boolean noBiasPrompts, boolean noBiasContent,
		boolean separateBackground, double softSelectionSigma, boolean meanAggregation, boolean topKSelection) {

	/** The network settings of {@code c}, under the reference's key names. */
	public static NetworkConfig of(PunetConfig c) {
		return new NetworkConfig(c.b("instructions_use_norm"), c.b("bias_vit"), c.i("label_indices_max_active"),
				c.ints("label_indices_base"), c.ints("label_indices_downstream_active"), c.b("unique_instruction_bias"),
				c.b("unique_token_bias"), c.b("no_bias_instructions"), c.b("no_bias_content"), c.b("separate_background"),
				c.d("soft_selection_sigma"), c.b("mean_aggregation"), c.b("top_k_selection"));
	}
}
