package io.github.punetfiji.train.views;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-view augmentation chains of the reference ({@code transforms_monai.generate_transforms}), in
 * its order. Students: masking, bias field, std shift (0–0.25), contrast, [inversion], histogram shift
 * (8–12 points), affine (p 0.8, scale ±0.25). Teacher: bias field, std shift (0–0.1), contrast,
 * histogram shift (12 points), affine (p 0.5, scale ±0.1). Both are then cropped to their patch size
 * at a random position and reflect-padded ({@link Resampling#cropOrPad}).
 */
public final class Augmentations {
	private Augmentations() {}

	/** The students' chain (every student size uses the same one). */
	public static Augmentation student(AugmentationConfig c) {
		List<Augmentation> a = new ArrayList<>();
		if (c.masking()) a.add(new Masking());
		if (c.biasField()) a.add(new BiasField().withProbability(BiasField.PROB));
		if (c.stdShift()) a.add(new StdShift(0, StdShift.STUDENT_MAX).withProbability(StdShift.PROB));
		if (c.contrast()) a.add(new AdjustContrast().withProbability(AdjustContrast.PROB));
		if (c.intensityInversion()) a.add(new ScaleIntensity().withProbability(ScaleIntensity.PROB));
		if (c.histogramShift()) {
			a.add(new HistogramShift(HistogramShift.STUDENT_MIN_POINTS, HistogramShift.STUDENT_MAX_POINTS)
					.withProbability(HistogramShift.PROB));
		}
		if (c.affine()) {
			a.add(new InPlaneAffine(InPlaneAffine.ROTATE, InPlaneAffine.SHEAR, InPlaneAffine.STUDENT_SCALE)
					.withProbability(InPlaneAffine.STUDENT_PROB));
		}
		return chain(a);
	}

	/** The teacher's chain (no masking, milder shifts and scaling). */
	public static Augmentation teacher(AugmentationConfig c) {
		List<Augmentation> a = new ArrayList<>();
		if (c.biasField()) a.add(new BiasField().withProbability(BiasField.PROB));
		if (c.stdShift()) a.add(new StdShift(0, StdShift.TEACHER_MAX).withProbability(StdShift.PROB));
		if (c.contrast()) a.add(new AdjustContrast().withProbability(AdjustContrast.PROB));
		if (c.histogramShift()) {
			a.add(new HistogramShift(HistogramShift.TEACHER_POINTS, HistogramShift.TEACHER_POINTS).withProbability(HistogramShift.PROB));
		}
		if (c.affine()) {
			a.add(new InPlaneAffine(InPlaneAffine.ROTATE, InPlaneAffine.SHEAR, InPlaneAffine.TEACHER_SCALE)
					.withProbability(InPlaneAffine.TEACHER_PROB));
		}
		return chain(a);
	}

	/** Applies the augmentations in order. */
	public static Augmentation chain(List<Augmentation> list) {
		Augmentation[] arr = list.toArray(new Augmentation[0]);
		return (View v, SplittableRandom rng) -> {
			for (Augmentation a : arr) a.apply(v, rng);
		};
	}
}
