package io.github.punetfiji.train;

import io.github.punetfiji.model.PunetConfig;

/**
 * The training settings of a run's config, typed and named: read from {@link PunetConfig} here, once, and nowhere else
 * in the training code. The constructor of {@link #of} is the mapping table to the reference's key names (the names of
 * {@code model.json} and of the {@code --key} flags); {@link #lr}, {@link #promptLr}, {@link #weightDecay} and
 * {@link #alphaBackground} pick the phase's form.
 *
 * @param downstream {@code downstream}: adaptation of a pre-trained model (phase 2) rather than pre-training
 * @param outChannels {@code out_channels}: classes, background included
 * @param labelIndicesBase {@code label_indices_base}: the classes pre-training supervises
 * @param labelIndicesMinActive {@code label_indices_min_active}: fewest classes active per batch element (pre-training)
 * @param labelIndicesMaxActive {@code label_indices_max_active}: most classes active per batch element (pre-training)
 * @param labelIndicesDownstreamActive {@code label_indices_downstream_active}: the classes adaptation learns
 * @param labelIndicesDownstreamFrozen {@code label_indices_downstream_frozen}: known classes kept as they are
 * @param numAnnotated {@code num_annotated}: labelled subjects to use; -1 = all
 * @param annotatedSlices {@code annotated_slices}: the z slices kept of every training mask; empty = all
 * @param selectiveFreezing {@code selective_freezing}: freeze what the adaptation variant does not train
 * @param freezeBody {@code freeze_body}
 * @param freezeNorm {@code freeze_norm}
 * @param freezeBiasScores {@code freeze_bias_scores}
 * @param freezeInactive {@code freeze_inactive}: only the active classes' prompts learn
 * @param separateBackground {@code separate_background}
 * @param trainSharedBiasWeights {@code train_shared_bias_weights}: the prompt bias weights shared by all classes learn
 * @param meanInitialization {@code mean_initialization}: new prompts start from the base classes' mean
 * @param meanInitializationScope {@code mean_initialization_scope}: {@code final} or {@code all}
 * @param learningRate {@code learning_rate}
 * @param learningRateDownstream {@code learning_rate_downstream}
 * @param learningRatePrompts {@code learning_rate_instructions}
 * @param learningRatePromptsDownstream {@code learning_rate_instructions_downstream}
 * @param weightDecayPretraining {@code weight_decay}
 * @param weightDecayDownstream {@code weight_decay_downstream}
 * @param withSchedulerDownstream {@code with_scheduler_downstream}: the one-cycle schedule downstream
 * @param referenceSchedule {@code reference_schedule}: step the schedule once per epoch, as the reference
 * @param numSamplesEpoch {@code num_samples_epoch}: crops per epoch
 * @param lossWeightSegmentation {@code loss_weight_segmentation}
 * @param lossWeightSegmentationGamma {@code loss_weight_segmentation_gamma}
 * @param alphaBackgroundPretraining {@code loss_weight_segmentation_alpha_background}
 * @param alphaBackgroundDownstream {@code loss_weight_segmentation_alpha_background_downstream}
 * @param alphaForeground {@code loss_weight_segmentation_alpha_foreground}
 * @param additiveAlpha {@code additive_alpha}: per-class additions to the focal loss's alpha
 * @param additiveAlphaFromData {@code additive_alpha_from_data}: compute them from the training labels
 * @param additiveAlphaFactor {@code additive_alpha_factor}
 * @param lossWeightSimProtos {@code loss_weight_sim_protos}: the CPA loss's weight
 * @param initialTauBody {@code initial_tau_body}: the EMA teacher's τ for the body
 * @param initialTauPrompts {@code initial_tau_instructions}: the EMA teacher's τ for the prompts
 */
record TrainingConfig(boolean downstream, int outChannels, int[] labelIndicesBase, int labelIndicesMinActive, int labelIndicesMaxActive,
		int[] labelIndicesDownstreamActive, int[] labelIndicesDownstreamFrozen, int numAnnotated, int[] annotatedSlices,
		boolean selectiveFreezing, boolean freezeBody, boolean freezeNorm, boolean freezeBiasScores, boolean freezeInactive,
		boolean separateBackground, boolean trainSharedBiasWeights, boolean meanInitialization, String meanInitializationScope,
		double learningRate, double learningRateDownstream, double learningRatePrompts, double learningRatePromptsDownstream,
		double weightDecayPretraining, double weightDecayDownstream, boolean withSchedulerDownstream, boolean referenceSchedule,
		int numSamplesEpoch, double lossWeightSegmentation, double lossWeightSegmentationGamma, double alphaBackgroundPretraining,
		double alphaBackgroundDownstream, double alphaForeground, double[] additiveAlpha, boolean additiveAlphaFromData,
		double additiveAlphaFactor, double lossWeightSimProtos, double initialTauBody, double initialTauPrompts) {

	/** The training settings of {@code c}, under the reference's key names. */
	static TrainingConfig of(PunetConfig c) {
		return new TrainingConfig(c.downstream(), c.outChannels(), c.ints("label_indices_base"), c.i("label_indices_min_active"),
				c.i("label_indices_max_active"), c.ints("label_indices_downstream_active"), c.ints("label_indices_downstream_frozen"),
				c.i("num_annotated"), c.ints("annotated_slices"), c.b("selective_freezing"), c.b("freeze_body"), c.b("freeze_norm"),
				c.b("freeze_bias_scores"), c.b("freeze_inactive"), c.b("separate_background"), c.b("train_shared_bias_weights"),
				c.b("mean_initialization"), c.s("mean_initialization_scope"), c.d("learning_rate"), c.d("learning_rate_downstream"),
				c.d("learning_rate_instructions"), c.d("learning_rate_instructions_downstream"), c.d("weight_decay"),
				c.d("weight_decay_downstream"), c.b("with_scheduler_downstream"), c.b("reference_schedule"), c.i("num_samples_epoch"),
				c.d("loss_weight_segmentation"), c.d("loss_weight_segmentation_gamma"), c.d("loss_weight_segmentation_alpha_background"),
				c.d("loss_weight_segmentation_alpha_background_downstream"), c.d("loss_weight_segmentation_alpha_foreground"),
				c.doubles("additive_alpha"), c.b("additive_alpha_from_data"), c.d("additive_alpha_factor"), c.d("loss_weight_sim_protos"),
				c.d("initial_tau_body"), c.d("initial_tau_instructions"));
	}

	/** The body's learning rate of the phase. */
	double lr() {
		return downstream ? learningRateDownstream : learningRate;
	}

	/** The prompts' learning rate of the phase. */
	double promptLr() {
		return downstream ? learningRatePromptsDownstream : learningRatePrompts;
	}

	/** The weight decay of the phase. */
	double weightDecay() {
		return downstream ? weightDecayDownstream : weightDecayPretraining;
	}

	/** The focal loss's background alpha of the phase. */
	double alphaBackground() {
		return downstream ? alphaBackgroundDownstream : alphaBackgroundPretraining;
	}
}
