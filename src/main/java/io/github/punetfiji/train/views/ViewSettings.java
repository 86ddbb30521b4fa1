package io.github.punetfiji.train.views;

import io.github.punetfiji.model.PunetConfig;
import java.util.Arrays;

/**
 * What {@link ViewGenerator} makes.
 *
 * @param studentPatches {@code [X, Y, Z]} per student (reference {@code patch_size_students})
 * @param teacherPatch {@code [X, Y, Z]} (reference {@code patch_size_teacher}); also the crop size
 * @param numSamples crops per drawn subject (reference {@code --num_samples}, default 2)
 * @param numTransforms differently augmented copies per crop (reference {@code --num_transforms}, default 1)
 * @param augmentation which augmentations run
 * @param classWeights class-weighted crop centres ({@link CropSampler}), or null for uniform crops (reference)
 */
public record ViewSettings(int[][] studentPatches, int[] teacherPatch, int numSamples, int numTransforms, AugmentationConfig augmentation,
		double[] classWeights) {
	/** Reference {@code --num_samples} default. */
	public static final int NUM_SAMPLES = 2;
	/** Reference {@code --num_transforms} default. */
	public static final int NUM_TRANSFORMS = 1;

	public ViewSettings {
		if (studentPatches.length == 0) throw new IllegalArgumentException("at least one student patch size is needed");
		for (int[] p : studentPatches) check("student patch", p);
		check("teacher patch", teacherPatch);
		if (numSamples < 1 || numTransforms < 1) {
			throw new IllegalArgumentException("numSamples and numTransforms must be >= 1, got " + numSamples + ", " + numTransforms);
		}
	}

	/** The patch sizes of a network configuration with the reference's defaults otherwise. */
	public static ViewSettings of(PunetConfig config) {
		return new ViewSettings(config.patchSizeStudents(), config.patchSizeTeacher(), NUM_SAMPLES, NUM_TRANSFORMS,
				AugmentationConfig.reference(), null);
	}

	public ViewSettings withAugmentation(AugmentationConfig a) {
		return new ViewSettings(studentPatches, teacherPatch, numSamples, numTransforms, a, classWeights);
	}

	public ViewSettings withSamples(int samples, int transforms) {
		return new ViewSettings(studentPatches, teacherPatch, samples, transforms, augmentation, classWeights);
	}

	public ViewSettings withClassWeights(double[] w) {
		return new ViewSettings(studentPatches, teacherPatch, numSamples, numTransforms, augmentation, w);
	}

	/** Views per crop-and-subject draw: {@code numSamples · numTransforms}. */
	public int viewsPerSubject() {
		return numSamples * numTransforms;
	}

	private static void check(String what, int[] p) {
		if (p.length != 3 || Arrays.stream(p).anyMatch(x -> x < 1)) {
			throw new IllegalArgumentException(what + " must be 3 positive sizes [X, Y, Z], got " + Arrays.toString(p));
		}
	}
}
