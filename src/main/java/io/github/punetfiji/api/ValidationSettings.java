package io.github.punetfiji.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A training run's held-out validation (CLI flags in brackets): the validation Dice is logged every {@code every} steps
 * ({@code losses.csv} column {@code val_dice}, the progress line) and the best model by it is kept as {@code best.punet}.
 * Validation data may be named three ways, also together; what is validated is never trained on.
 *
 * @param dirImages {@code --dir_images_val}: a folder of validation images; null = none
 * @param dirMasks {@code --dir_masks_val}: their masks, named like the images (each image needs one); required with {@code dirImages}
 * @param subjects {@code --val_subjects}: subjects of the training folder (file names without extension) held out of training
 * @param slices {@code --val_slices}: z slices (from 0) held out of every annotated training mask
 * @param every {@code --val_every}: validate every this many steps and after the last (0 = off); {@link #DEFAULT_EVERY} by default
 * @param maxSlices {@code --val_max_slices}: score at most this many slices, shared among the classes (0 = every annotated slice)
 */
public record ValidationSettings(Path dirImages, Path dirMasks, List<String> subjects, int[] slices, int every, int maxSlices) {
	/** Validation every this many steps unless told otherwise. */
	public static final int DEFAULT_EVERY = io.github.punetfiji.train.TrainingOptions.DEFAULT_VAL_EVERY;
	/** At most this many slices per validation pass unless told otherwise: seconds, not minutes, on a CPU. */
	public static final int DEFAULT_MAX_SLICES = io.github.punetfiji.train.TrainingOptions.DEFAULT_VAL_MAX_SLICES;
	/** No validation. */
	public static final ValidationSettings NONE = new ValidationSettings(null, null, List.of(), new int[0], DEFAULT_EVERY,
			DEFAULT_MAX_SLICES);

	public ValidationSettings {
		subjects = subjects == null ? List.of() : List.copyOf(subjects);
		slices = slices == null ? new int[0] : slices.clone();
		// NB: every, maxSlices and the slice numbers are checked where both edges meet (FitRequest)
	}

	/** Whether any validation data are named. */
	public boolean named() {
		return dirImages != null || dirMasks != null || !subjects.isEmpty() || slices.length > 0;
	}

	@Override
	public int[] slices() {
		return slices.clone();
	}
}
