package io.github.punetfiji.fiji;

import io.github.punetfiji.api.PromptTuneRequest;
import io.github.punetfiji.api.TrainResult;
import io.github.punetfiji.api.TrainingSettings;
import io.github.punetfiji.api.ValidationSettings;
import java.io.File;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Prompt-tune (PUNet): adapts a pre-trained model to new classes from a few labelled
 * images (CLI {@code --mode fit --downstream}); by default only their prompts learn (prompt tuning, selective
 * freezing on), from a dialog, a macro that leaves the adaptation out, and {@code --run} alike. Esc stops it.
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Prompt-tune (PUNet)", headless = true)
public class PromptTuneCommand extends PunetCommand {
	@Parameter(label = "Pre-trained model (.punet)", style = FileWidget.OPEN_STYLE,
			description = "the pre-trained .punet model to adapt; its body stays frozen by default")
	private File ckpt;
	@Parameter(label = "Image folder", style = FileWidget.DIRECTORY_STYLE,
			description = "folder of volumes that show the new class, one subject per file")
	private File dir_images;
	@Parameter(label = "Mask folder", style = FileWidget.DIRECTORY_STYLE,
			description = "label images named like the images, with the new class's index where it is")
	private File dir_masks;
	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
			description = "folder for model.punet, losses.csv, losses.png and checkpoints/")
	private File out;
	@Parameter(label = "What learns", choices = {"prompting", "fixed", "decoder", "bias", "adapter", "bias_prompting", FULL},
			description = "prompting: only the new class's prompt tokens and bias scores learn, the pre-trained body stays frozen "
					+ "(prompt tuning, "
					+ "under 1 % of the parameters); fixed, decoder, bias, adapter, bias_prompting: the paper's other variants; "
					+ "full: everything learns (full fine-tuning)")
	private String adaptation_variant = "prompting";
	/**
	 * NB: kept for scripts that name it ({@code --run … selective_freezing='false'} = full fine-tuning); not in the dialog,
	 * because an ImageJ macro checkbox is off unless named, which made every macro that left it out fully fine-tune.
	 */
	@Parameter(visibility = ItemVisibility.INVISIBLE, required = false)
	private Boolean selective_freezing;
	@Parameter(label = "New classes", description = "class indices to learn, e.g. 4")
	private String label_indices_downstream_active = "4";
	@Parameter(label = "Known classes kept fixed", required = false,
			description = "known classes to keep predicting unchanged while the new ones learn, e.g. 1,2; blank = none")
	private String label_indices_downstream_frozen = "";
	@Parameter(label = "Labelled subjects to use (-1 = all)", min = "-1",
			description = "how many labelled subjects to train on (the first ones by name), e.g. 2; -1 = all")
	private int num_annotated = -1;
	@Parameter(label = "Intensity normalisation", choices = {"ct", "percentile", "none"},
			description = "how grey values are scaled for the network: ct = Hounsfield units -1000…1000 (CT); percentile = each image's "
					+ "0.5–99.5 % range (MRI, microscopy); none = unchanged")
	private String intensity = "ct";
	@Parameter(label = "Batch size", min = "1",
			description = "training crops per step; default 2")
	private int batch_size = 2;
	@Parameter(label = "Epochs", min = "1",
			description = "number of epochs; used when Steps is -1")
	private int max_epochs = 100;
	@Parameter(label = "Crops per epoch (0 = one pass over the subjects)", min = "0",
			description = "the reference's num_samples_epoch: an epoch is this many training crops")
	private int num_samples_epoch = 5000;
	@Parameter(label = "Steps (-1 = by epochs)", min = "-1",
			description = "number of training steps; default 500 (a few minutes on a CPU with the small preset); -1 = by epochs")
	private int max_steps = 500;
	@Parameter(label = "Learning rate",
			description = "learning rate of the weights that learn besides the prompts (all but 'prompting'); default 5e-4")
	private double learning_rate_downstream = 5e-4;
	@Parameter(label = "Learning rate (prompts)",
			description = "learning rate of the new class's prompts; default 0.05")
	private double learning_rate_instructions_downstream = 0.05;
	@Parameter(label = "Weight decay",
			description = "AdamW weight decay; default 0")
	private double weight_decay_downstream = 0;
	@Parameter(label = "Seed",
			description = "random seed: the same seed and inputs give the same result")
	private long seed = 1;
	@Parameter(label = "Checkpoint every (steps, 0 = only at the end)", min = "0",
			description = "write a resumable checkpoint every this many steps (checkpoints/); 0 = only at the end")
	private int checkpoint_every = TrainingSettings.DEFAULT_CHECKPOINT_EVERY;
	@Parameter(label = "Validation image folder (optional)", style = FileWidget.DIRECTORY_STYLE, required = false,
			description = "other subjects, never trained on: their validation Dice is logged and the best model kept as best.punet")
	private File dir_images_val;
	@Parameter(label = "Validation mask folder", style = FileWidget.DIRECTORY_STYLE, required = false,
			description = "the validation images' masks, named like the images")
	private File dir_masks_val;
	@Parameter(label = "Validation subjects (held out)", required = false,
			description = "subjects of the image folder (file names without extension) held out of training for validation, "
					+ "e.g. case_07, case_08")
	private String val_subjects = "";
	@Parameter(label = "Validation slices (held out, z from 0)", required = false,
			description = "slices held out of every training mask for validation, e.g. 12, 30; they are not trained on")
	private String val_slices = "";
	@Parameter(label = "Validate every (steps, 0 = off)", min = "0",
			description = "validate every this many steps (and after the last) when validation data is named; 0 = off; default 100")
	private int val_every = ValidationSettings.DEFAULT_EVERY;
	@Parameter(label = "Validation slices at most (0 = all)", min = "0",
			description = "a validation pass scores at most this many slices, shared among the classes")
	private int val_max_slices = ValidationSettings.DEFAULT_MAX_SLICES;
	@Parameter(label = "Initialise new prompts from the known classes' mean",
			description = "start the new class's prompts from the mean of the known classes' prompts (this project's default; off = "
					+ "random)")
	private boolean mean_initialization = true;
	@Parameter(label = "Mean initialisation scope", choices = {"final", "all"},
			description = "final: the final pool's tokens (reference); all: every pool's tokens and the prompt bias scores")
	private String mean_initialization_scope = "final";
	@Parameter(label = "Class weight factor (0 = off)", min = "0",
			description = "focal-loss weight of each class: factor / its voxel ratio to background in the labels (the "
					+ "reference's additive_alpha rule)")
	private double additive_alpha_factor = 0.1;
	@Parameter(label = "Reference batch norm (train mode; changes known classes)",
			description = "the reference's train-mode batch norm while tuning; off (default) keeps the known classes' results unchanged")
	private boolean reference_batch_norm;
	@Parameter(label = "Train shared bias weights (reference; changes known classes)",
			description = "also train the attention bias weights that all classes share (the reference does; changes the known classes)")
	private boolean train_shared_bias_weights;
	@Parameter(label = "Do not overwrite",
			description = "refuse an output folder that holds an earlier run instead of replacing it")
	private boolean no_overwrite;
	@Parameter(label = "Device", choices = {"auto", "cpu", "gpu"},
			description = Params.DEVICE_HELP)
	private String device = "auto";
	@Parameter(label = "Threads (0 = automatic)", min = "0",
			description = Params.THREADS_HELP)
	private int threads;

	@Parameter(type = ItemIO.OUTPUT)
	private File model;

	/** The {@code adaptation_variant} choice for full fine-tuning (the reference: no {@code --selective_freezing}). */
	static final String FULL = "full";

	@Override
	protected void execute() {
		boolean full = FULL.equals(adaptation_variant) || Boolean.FALSE.equals(selective_freezing);
		TrainingSettings settings = new TrainingSettings(batch_size, max_epochs, num_samples_epoch, max_steps, learning_rate_downstream,
				learning_rate_instructions_downstream, weight_decay_downstream, seed, checkpoint_every);
		PromptTuneRequest request = new PromptTuneRequest(Params.path(ckpt, "ckpt"), Params.path(dir_images, "dir_images"),
				Params.path(dir_masks, "dir_masks"), Params.path(out, "out"), full ? "prompting" : adaptation_variant, !full,
				Params.indices(label_indices_downstream_active, "label_indices_downstream_active"),
				Params.indices(label_indices_downstream_frozen, "label_indices_downstream_frozen"), num_annotated,
				Params.intensity(intensity), settings, mean_initialization, mean_initialization_scope, additive_alpha_factor,
				reference_batch_norm, train_shared_bias_weights, no_overwrite, Params.compute(device, threads),
				Params.validation(dir_images_val, dir_masks_val, val_subjects, val_slices, val_every, val_max_slices));
		TrainResult r = punet.promptTune(request, trainingProgress("Prompt-tune"));
		model = r.model().toFile();
		log.info(String.format(java.util.Locale.ROOT, "PUNet: prompt-tuned %d steps on %s (%.3f %% of parameters trainable); wrote %s",
				r.steps(), r.device(), 100 * r.trainableFraction(), model));
		if (r.bestModel() != null) log.info(PretrainCommand.best(r));
	}
}
