package io.github.punetfiji.train.views;

/**
 * Which augmentations run (their parameters are the reference's, see {@link Augmentations}).
 *
 * @param masking students' dropout / outer dropout / shuffle ({@link Masking})
 * @param biasField {@link BiasField}
 * @param stdShift {@link StdShift}
 * @param contrast {@link AdjustContrast}
 * @param histogramShift {@link HistogramShift}
 * @param affine {@link InPlaneAffine}
 * @param intensityInversion students' {@link ScaleIntensity} (reference flag {@code intensity_inversion},
 *     off by default)
 */
public record AugmentationConfig(boolean masking, boolean biasField, boolean stdShift, boolean contrast, boolean histogramShift,
		boolean affine, boolean intensityInversion) {
	/** The reference's training augmentations ({@code intensity_inversion=False}). */
	public static AugmentationConfig reference() {
		return new AugmentationConfig(true, true, true, true, true, true, false);
	}

	/** No augmentation: views are crops only. */
	public static AugmentationConfig none() {
		return new AugmentationConfig(false, false, false, false, false, false, false);
	}

	public AugmentationConfig withMasking(boolean on) {
		return new AugmentationConfig(on, biasField, stdShift, contrast, histogramShift, affine, intensityInversion);
	}

	public AugmentationConfig withAffine(boolean on) {
		return new AugmentationConfig(masking, biasField, stdShift, contrast, histogramShift, on, intensityInversion);
	}

	/** Switches bias field, std shift, contrast and histogram shift together. */
	public AugmentationConfig withIntensity(boolean on) {
		return new AugmentationConfig(masking, on, on, on, on, affine, intensityInversion);
	}

	public AugmentationConfig withIntensityInversion(boolean on) {
		return new AugmentationConfig(masking, biasField, stdShift, contrast, histogramShift, affine, on);
	}
}
