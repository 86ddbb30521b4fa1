package io.github.punetfiji.infer;

import io.github.punetfiji.data.Intensity;

/**
 * How to segment (CLI flags in brackets). Built from an {@code api} request, which has checked the values.
 *
 * @param classes foreground class indices to segment ({@code --label_indices_downstream_active}); null:
 *     the model's defaults ({@link ClassPasses#defaultClasses})
 * @param overlap window overlap in {@code [0, 1)} ({@code --sliding_window_overlap}, default 0.5)
 * @param blending how overlapping windows are blended (default {@link Blending#CONSTANT}, as the reference)
 * @param batchSize network samples per forward ({@code --batch_size}); a window counts once per pass
 * @param probabilities also return per-class probability maps ({@code --save_probabilities})
 * @param intensity input normalisation ({@code --intensity}); null: the model's
 */
public record SegmentationSettings(int[] classes, double overlap, Blending blending, int batchSize, boolean probabilities,
		Intensity intensity) {
	public SegmentationSettings {
		// NB: overlap and batch size are checked once, for the user, where a request is built (api.Requests); these are invariants
		if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
		if (blending == null) blending = Blending.CONSTANT;
		classes = classes == null ? null : classes.clone();
	}

	/** The defaults: the model's classes, overlap 0.5, constant blending, batch size 4, no probabilities. */
	public static SegmentationSettings defaults() {
		return new SegmentationSettings(null, 0.5, Blending.CONSTANT, 4, false, null);
	}

	public SegmentationSettings withClasses(int... c) {
		return new SegmentationSettings(c, overlap, blending, batchSize, probabilities, intensity);
	}

	public SegmentationSettings withProbabilities(boolean p) {
		return new SegmentationSettings(classes, overlap, blending, batchSize, p, intensity);
	}

	public SegmentationSettings withOverlap(double o) {
		return new SegmentationSettings(classes, o, blending, batchSize, probabilities, intensity);
	}

	public SegmentationSettings withBlending(Blending b) {
		return new SegmentationSettings(classes, overlap, b, batchSize, probabilities, intensity);
	}

	public SegmentationSettings withBatchSize(int b) {
		return new SegmentationSettings(classes, overlap, blending, b, probabilities, intensity);
	}

	public SegmentationSettings withIntensity(Intensity i) {
		return new SegmentationSettings(classes, overlap, blending, batchSize, probabilities, i);
	}
}
