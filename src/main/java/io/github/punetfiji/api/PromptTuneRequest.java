package io.github.punetfiji.api;

import io.github.punetfiji.data.Intensity;
import java.nio.file.Path;

/**
 * Phase 2, adaptation to new classes (CLI {@code --mode fit --downstream}): by default only the new
 * classes' prompt tokens and bias scores learn (the body stays frozen).
 *
 * @param ckpt {@code --ckpt}: the pre-trained model (required)
 * @param dirImages {@code --dir_images}
 * @param dirMasks {@code --dir_masks}: masks of the new classes (required)
 * @param out {@code --out}
 * @param adaptationVariant {@code --adaptation_variant} ({@code prompting|fixed|decoder|bias|adapter|bias_prompting})
 * @param selectiveFreezing {@code --selective_freezing}
 * @param labelIndicesActive {@code --label_indices_downstream_active}: the classes to learn
 * @param labelIndicesFrozen {@code --label_indices_downstream_frozen}: known classes kept fixed
 * @param numAnnotated {@code --num_annotated}: how many labelled subjects to use (the first ones by name); {@code -1} = all
 * @param intensity {@code --intensity}
 * @param settings optimisation settings (learning rates are the {@code _downstream} forms)
 * @param meanInitialization {@code --mean_initialization}: new prompts start from the mean of the base classes' prompts
 * @param meanInitializationScope {@code --mean_initialization_scope}: {@code final} (the reference: the final pool's tokens)
 *     or {@code all} (every pool's tokens and the prompt bias scores); null = {@code final}
 * @param classWeightFactor {@code --additive_alpha_from_data --additive_alpha_factor F}: the focal loss weighs each class by
 *     {@code F} times the inverse of its voxel ratio to background in the training labels (the reference's rule; it used
 *     0.001 and 0.01); 0 = no per-class weights
 * @param referenceBatchNorm {@code --reference_batch_norm}: batch norm of the frozen body in train mode, as the reference
 *     (changes the other classes' predictions)
 * @param trainSharedBiasWeights {@code --train_shared_bias_weights}: the bias weights shared by all classes learn, as the
 *     reference (changes the other classes' predictions)
 * @param noOverwrite {@code --no_overwrite}
 * @param compute device and threads
 * @param validation held-out validation ({@link ValidationSettings#NONE}: none); null = none
 */
public record PromptTuneRequest(Path ckpt, Path dirImages, Path dirMasks, Path out, String adaptationVariant, boolean selectiveFreezing,
		int[] labelIndicesActive, int[] labelIndicesFrozen, int numAnnotated, Intensity intensity, TrainingSettings settings,
		boolean meanInitialization, String meanInitializationScope, double classWeightFactor, boolean referenceBatchNorm,
		boolean trainSharedBiasWeights, boolean noOverwrite, Compute compute, ValidationSettings validation) {
	/** A request without validation. */
	public PromptTuneRequest(Path ckpt, Path dirImages, Path dirMasks, Path out, String adaptationVariant, boolean selectiveFreezing,
			int[] labelIndicesActive, int[] labelIndicesFrozen, int numAnnotated, Intensity intensity, TrainingSettings settings,
			boolean meanInitialization, String meanInitializationScope, double classWeightFactor, boolean referenceBatchNorm,
			boolean trainSharedBiasWeights, boolean noOverwrite, Compute compute) {
		this(ckpt, dirImages, dirMasks, out, adaptationVariant, selectiveFreezing, labelIndicesActive, labelIndicesFrozen, numAnnotated,
				intensity, settings, meanInitialization, meanInitializationScope, classWeightFactor, referenceBatchNorm,
				trainSharedBiasWeights, noOverwrite, compute, null);
	}

	public PromptTuneRequest {
		Requests.required(ckpt, "--ckpt (the pre-trained .punet model)");
		Requests.required(dirImages, "--dir_images");
		Requests.required(dirMasks, "--dir_masks");
		Requests.required(out, "--out");
		Requests.required(adaptationVariant, "--adaptation_variant");
		Requests.required(settings, "training settings");
		labelIndicesActive = Requests.copy(labelIndicesActive);
		labelIndicesFrozen = Requests.copy(labelIndicesFrozen);
		intensity = intensity == null ? Intensity.CT : intensity;
		meanInitializationScope = meanInitializationScope == null || meanInitializationScope.isBlank() ? "final" : meanInitializationScope;
		if (!java.util.List.of("final", "all").contains(meanInitializationScope)) {
			throw new io.github.punetfiji.PunetException(
					"mean_initialization_scope must be final or all, got '" + meanInitializationScope + "'");
		}
		if (!(classWeightFactor >= 0) || Double.isInfinite(classWeightFactor)) {
			throw new io.github.punetfiji.PunetException(
					"the class weight factor (additive_alpha_factor) must be 0 or more, got " + classWeightFactor);
		}
		compute = compute == null ? Compute.DEFAULT : compute;
		validation = validation == null ? ValidationSettings.NONE : validation;
	}
}
