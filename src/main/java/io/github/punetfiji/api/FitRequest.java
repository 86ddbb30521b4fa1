package io.github.punetfiji.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run as the reference's {@code --mode fit} names it: where {@link Punet#fit} takes it to the trainer. The
 * command line builds it from its flags; Fiji's {@link TrainRequest} (pre-training) and {@link PromptTuneRequest}
 * (prompt tuning) become one ({@code Training.fitRequest}), so every training run meets here.
 *
 * @param dirImages {@code --dir_images}
 * @param dirMasks {@code --dir_masks}; null = none
 * @param out {@code --out}
 * @param ckpt {@code --ckpt}: the model or checkpoint to start from; null = a new network (required downstream)
 * @param coldStart {@code --cold_start}: the checkpoint's weights only, not its optimiser, teacher and step
 * @param existing what to do with an earlier run in {@code out} ({@code --overwrite}, {@code --resume}; default refuse)
 * @param preset {@code --preset} of a new network
 * @param loss {@code --loss}
 * @param intensity {@code --intensity} ({@code ct|percentile|none})
 * @param batchSize {@code --batch_size}
 * @param maxEpochs {@code --max_epochs}
 * @param maxSteps {@code --max_steps}; -1 = unset
 * @param seed {@code --seed}
 * @param checkpointEvery {@code --checkpoint_every}
 * @param referenceBatchNorm {@code --reference_batch_norm}
 * @param dirImagesVal {@code --dir_images_val}; null = none
 * @param dirMasksVal {@code --dir_masks_val}; null = none
 * @param valSubjects {@code --val_subjects}
 * @param valSlices {@code --val_slices}
 * @param valEvery {@code --val_every}; null = not given (every 100 steps when validation data are named)
 * @param valMaxSlices {@code --val_max_slices}
 * @param compute {@code --device} and {@code --threads}
 * @param config the reference's config keys given explicitly ({@code learning_rate}, {@code downstream},
 *     {@code label_indices_downstream_active}, …: the string map of the flag edge), applied over the preset or the
 *     checkpoint's config
 * @param command the command that started the run, for provenance
 */
public record FitRequest(Path dirImages, Path dirMasks, Path out, Path ckpt, boolean coldStart, Existing existing, String preset,
		String loss, String intensity, int batchSize, int maxEpochs, int maxSteps, long seed, int checkpointEvery,
		boolean referenceBatchNorm, Path dirImagesVal, Path dirMasksVal, List<String> valSubjects, int[] valSlices, Integer valEvery,
		int valMaxSlices, Compute compute, Map<String, Object> config, String command) {
	/** The presets of a new network ({@code --preset}). */
	public static final List<String> PRESETS = io.github.punetfiji.model.PunetConfig.PRESETS;
	/** The reference's loss variants ({@code --loss}). */
	public static final List<String> LOSSES = io.github.punetfiji.train.TrainingOptions.LOSSES;
	/** {@code --checkpoint_every} unless told otherwise. */
	public static final int DEFAULT_CHECKPOINT_EVERY = io.github.punetfiji.train.TrainingOptions.DEFAULT_CHECKPOINT_EVERY;
	/** {@code --val_max_slices} unless told otherwise. */
	public static final int DEFAULT_VAL_MAX_SLICES = io.github.punetfiji.train.TrainingOptions.DEFAULT_VAL_MAX_SLICES;

	/** What a run does with an earlier run's outputs in its folder. */
	public enum Existing {
		/** Refuse to start (the default). */
		REFUSE,
		/** {@code --overwrite}: replace the earlier run. */
		OVERWRITE,
		/** {@code --resume}: continue the folder's run from one of its checkpoints ({@code ckpt}). */
		RESUME
	}

	public FitRequest {
		existing = existing == null ? Existing.REFUSE : existing;
		valSubjects = valSubjects == null ? List.of() : List.copyOf(valSubjects);
		valSlices = Requests.copy(valSlices);
		Requests.batchSize(batchSize);
		Requests.epochsOrSteps(maxEpochs, maxSteps);
		Requests.notNegative(checkpointEvery, "checkpoint_every", "0 or more");
		if (valEvery != null) Requests.notNegative(valEvery, "val_every", "0 (off) or more steps");
		Requests.notNegative(valMaxSlices, "val_max_slices", "0 (every slice) or more");
		Requests.slices(valSlices, "val_slices");
		compute = compute == null ? Compute.DEFAULT : compute;
		config = Collections.unmodifiableMap(new LinkedHashMap<>(config == null ? Map.of() : config));
		command = command == null ? "" : command;
	}

	@Override
	public int[] valSlices() {
		return valSlices.clone();
	}
}
