package io.github.punetfiji.train;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.PunetConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training request, phase 1 or downstream (the same object for the CLI and the Fiji commands).
 * Network and optimisation hyper-parameters live in {@link #config} under the reference's names
 * ({@code learning_rate}, {@code weight_decay}, {@code label_indices_base}, …); the fields here are
 * the run's own settings.
 */
public final class TrainingOptions {
	/** The reference's loss variants (shell {@code cfg_training}). */
	public static final List<String> LOSSES = List.of("self", "meta", "meta_self", "self_noninstructed", "meta_noninstructed",
			"meta_self_noninstructed");

	/** The preset of a new network (ignored when starting from {@link #ckpt}, whose config is the base). */
	public String preset = "2d";
	/** Config values given explicitly (reference names), applied over the preset or the checkpoint's config. */
	public Map<String, Object> overrides = new LinkedHashMap<>();
	public Path dirImages;
	public Path dirMasks;
	public Path out;
	/** A model or checkpoint to start from (required downstream). */
	public Path ckpt;
	/** Start from the checkpoint's weights but not its optimizer, teacher and step. */
	public boolean coldStart;
	public String loss = "meta_self";
	public String intensity = "ct";
	public int batchSize = 4;
	public int maxEpochs = 10;
	/** Overrides {@link #maxEpochs} when > 0. */
	public int maxSteps = -1;
	public long seed = 42;
	/** Write a checkpoint every N steps (0: only at the end). */
	public int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
	/** The default of {@link #checkpointEvery}: a crash or a full disk late in a run loses at most this many steps. */
	public static final int DEFAULT_CHECKPOINT_EVERY = 500;
	/** How many checkpoints a run keeps (the newest; older ones are deleted as new ones are written). */
	public int keepCheckpoints = 10;
	/** What to do when {@link #out} holds an earlier run ({@link RunFolder}). */
	public Existing existing = Existing.REFUSE;

	/** Validation images ({@code --dir_images_val}), each with a mask of the same file name in {@link #dirMasksVal}; null: none. */
	public Path dirImagesVal;
	/** The validation images' masks ({@code --dir_masks_val}). */
	public Path dirMasksVal;
	/** Subjects of {@link #dirImages} held out for validation ({@code --val_subjects}, file names without extension): never trained on. */
	public List<String> valSubjects = List.of();
	/** z slices held out of every annotated training mask for validation ({@code --val_slices}): their labels are never trained on. */
	public int[] valSlices = new int[0];
	/**
	 * Validate every N steps and after the last ({@code --val_every}); 0: off; -1: {@link #DEFAULT_VAL_EVERY} when
	 * validation data are named.
	 */
	public int valEvery = -1;
	/** The default of {@link #valEvery}. */
	public static final int DEFAULT_VAL_EVERY = 100;
	/** A validation pass scores at most this many slices ({@code --val_max_slices}); 0: every annotated slice. */
	public int valMaxSlices = DEFAULT_VAL_MAX_SLICES;
	/** The default of {@link #valMaxSlices}. */
	public static final int DEFAULT_VAL_MAX_SLICES = 16;

	/** Whether validation data are named ({@link #dirImagesVal}, {@link #valSubjects} or {@link #valSlices}). */
	public boolean validationNamed() {
		return dirImagesVal != null || dirMasksVal != null || !valSubjects.isEmpty() || valSlices.length > 0;
	}

	/** Steps between validations: 0 when off. */
	public int validationEvery() {
		return !validationNamed() ? 0 : valEvery < 0 ? DEFAULT_VAL_EVERY : valEvery;
	}

	/** What a run does with an earlier run's outputs in its folder. */
	public enum Existing {
		/** Refuse to start (the default). */
		REFUSE,
		/** {@code --overwrite}: delete the earlier run's model, loss log and checkpoints, so runs never mix. */
		OVERWRITE,
		/** {@code --resume}: continue the run of the folder from one of its own checkpoints ({@link #ckpt}). */
		RESUME
	}
	/** Downstream: train with batch-norm statistics updated as the reference does (default: frozen with the body). */
	public boolean referenceBatchNorm = false;
	/** {@code auto|cpu|gpu} ({@link io.github.punetfiji.model.runtime.Devices}). */
	public String device = "auto";
	/** CPU threads for the engine; 0 = its choice. */
	public int threads = 0;
	/** The base network, for a run that starts without {@link #ckpt}. */
	public PunetConfig baseConfig() {
		return PunetConfig.preset(preset);
	}

	/** The command line that started the run, for provenance. */
	public String command = "";

	/**
	 * The run's config: {@code base} (a preset, or the starting checkpoint's config) with the overrides,
	 * the loss variant (weights of the segmentation / contrastive losses, noninstructed attention) and,
	 * downstream, the variant's head as the reference's {@code cfgs.sh} sets it (non-prompting variants use
	 * the fixed head and noninstructed attention).
	 */
	public PunetConfig effectiveConfig(PunetConfig base) {
		if (!LOSSES.contains(loss)) throw new PunetException("--loss: '" + loss + "' is not one of " + String.join("|", LOSSES));
		PunetConfig c = base;
		for (Map.Entry<String, Object> e : overrides.entrySet()) c = c.with(e.getKey(), e.getValue());
		if (c.downstream() && !c.adaptationVariant().contains("prompting")) {
			if (!overrides.containsKey("fixed_output")) c = c.with("fixed_output", true);
			if (!overrides.containsKey("noninstructed_attention_downstream")) c = c.with("noninstructed_attention_downstream", true);
		}
		if (c.downstream()) c = DownstreamDefaults.apply(c, overrides.keySet());
		boolean meta = loss.startsWith("meta");
		boolean self = loss.contains("self");
		boolean downstream = c.downstream();
		if (!downstream) {
			if (!meta) c = c.with("loss_weight_segmentation", 0.0);
			if (!self) c = c.with("loss_weight_sim_protos", 0.0);
			if (loss.endsWith("_noninstructed")) c = c.with("noninstructed_attention", true);
		}
		return c.validate();
	}

	public void check() {
		if (dirImages == null) throw new PunetException("missing required flag --dir_images");
		if (out == null) throw new PunetException("missing required flag --out");
		// NB: the flags' ranges (batch size, epochs or steps, checkpoint_every, val_every, val_max_slices, val_slices) are
		// checked once, in api.FitRequest; here what needs the file system or the combination of flags
		if (keepCheckpoints < 1) throw new PunetException("the number of checkpoints kept must be at least 1, got " + keepCheckpoints);
		checkValidation();
		if (existing == Existing.RESUME && coldStart)
			throw new PunetException("--resume continues a run with its optimizer state; it cannot be combined with --cold_start");
		if (Boolean.TRUE.equals(overrides.get("downstream")) && ckpt == null)
			throw new PunetException("--downstream needs --ckpt (the pre-trained model to adapt)");
		// NB: the inputs are checked before the output folder is created and locked
		if (ckpt != null && !java.nio.file.Files.isRegularFile(ckpt)) throw new PunetException("no such file: " + ckpt);
		if (!java.nio.file.Files.isDirectory(dirImages)) throw new PunetException("--dir_images: " + dirImages + " is not a folder");
		if (dirMasks != null && !java.nio.file.Files.isDirectory(dirMasks))
			throw new PunetException("--dir_masks: " + dirMasks + " is not a folder");
		Path o = out.toAbsolutePath().normalize();
		for (Path in : new Path[] {dirImages, dirMasks, dirImagesVal, dirMasksVal}) {
			if (in != null && o.startsWith(in.toAbsolutePath().normalize())) {
				throw new PunetException(
						"--out " + out + " is inside the input folder " + in + "; choose an output folder outside the inputs");
			}
		}
	}

	private void checkValidation() {
		if (valSubjects == null) valSubjects = List.of();
		if (valSlices == null) valSlices = new int[0];
		if (valEvery > 0 && !validationNamed()) {
			throw new PunetException(
					"--val_every needs validation data: --dir_images_val with --dir_masks_val, --val_subjects or --val_slices");
		}
		if (dirImagesVal == null && dirMasksVal != null)
			throw new PunetException("--dir_masks_val needs --dir_images_val (the validation images)");
		if (dirImagesVal != null && dirMasksVal == null) {
			throw new PunetException("--dir_images_val needs --dir_masks_val (the validation masks, named like the images)");
		}
		if (dirImagesVal != null) {
			if (!java.nio.file.Files.isDirectory(dirImagesVal))
				throw new PunetException("--dir_images_val: " + dirImagesVal + " is not a folder");
			if (!java.nio.file.Files.isDirectory(dirMasksVal))
				throw new PunetException("--dir_masks_val: " + dirMasksVal + " is not a folder");
			if (RunFolder.real(dirImagesVal).equals(RunFolder.real(dirImages))) {
				throw new PunetException(
						"--dir_images_val is the training folder --dir_images, so its subjects would be trained on; name held-out "
								+ "subjects with --val_subjects instead, or give a folder of other subjects");
			}
		}
		int[] annotated = annotatedSlicesOverride();
		for (int z : valSlices) {
			for (int a : annotated) {
				if (a == z)
					throw new PunetException(
							"--val_slices " + z + " is also in --annotated_slices; a validation slice is never trained on");
			}
		}
	}

	private int[] annotatedSlicesOverride() {
		Object v = overrides.get("annotated_slices");
		if (!(v instanceof List<?> l)) return new int[0];
		return l.stream().filter(x -> x instanceof Number).mapToInt(x -> ((Number) x).intValue()).toArray();
	}
}
