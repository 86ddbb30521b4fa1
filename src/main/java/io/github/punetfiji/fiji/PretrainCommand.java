package io.github.punetfiji.fiji;

import io.github.punetfiji.api.TrainRequest;
import io.github.punetfiji.api.TrainResult;
import io.github.punetfiji.api.TrainingSettings;
import io.github.punetfiji.api.ValidationSettings;
import java.io.File;
import java.util.Map;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Pre-train (PUNet): phase 1 training on a folder of images (CLI {@code --mode fit});
 * writes {@code <out>/model.punet} and {@code <out>/losses.csv}. Esc stops it.
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Pre-train (PUNet)", headless = true)
public class PretrainCommand extends PunetCommand {
	@Parameter(label = "Image folder", style = FileWidget.DIRECTORY_STYLE,
			description = "folder of training volumes (NIfTI, TIFF or DICOM), one subject per file")
	private File dir_images;
	@Parameter(label = "Mask folder (optional)", style = FileWidget.DIRECTORY_STYLE, required = false,
			description = "label images named like the images (0 = background, 1, 2, … = classes); needed by the losses with "
					+ "segmentation (meta, meta_self)")
	private File dir_masks;
	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
			description = "folder for model.punet, losses.csv, losses.png and checkpoints/")
	private File out;
	@Parameter(label = "Preset", choices = {"2d", "3d_flat", "3d_aniso", "3d_large", "small", "tiny"},
			description = "network size: small = a narrow 2D network for CPUs (default); 2d, 3d_flat, 3d_aniso, 3d_large = the paper's "
					+ "networks (need a GPU); tiny = tests")
	private String preset = "small"; // NB: CPU-sized, as the demo (docs/experiments.md); 2d/3d presets need a GPU for real runs
	@Parameter(label = "Start from model (optional)", style = FileWidget.OPEN_STYLE, required = false,
			description = "a .punet model or checkpoint to continue from; blank = start from random weights")
	private File ckpt;
	@Parameter(label = "Cold start (weights only)",
			description = "take only the weights of the start model (new optimiser and step count); off = continue its run")
	private boolean cold_start;
	@Parameter(label = "Loss",
			choices = {"meta_self", "self", "meta", "self_noninstructed", "meta_noninstructed", "meta_self_noninstructed"},
			description = "meta_self = segmentation of the masks' classes plus self-supervision (the paper's); self = self-supervision "
					+ "only; meta = segmentation only")
	private String loss = "meta_self";
	@Parameter(label = "Supervised classes", required = false, description = "class indices the masks supervise, e.g. 1,2,3")
	private String label_indices_base = "1";
	@Parameter(label = "Intensity normalisation", choices = {"ct", "percentile", "none"},
			description = "how grey values are scaled for the network: ct = Hounsfield units -1000…1000 (CT); percentile = each image's "
					+ "0.5–99.5 % range (MRI, microscopy); none = unchanged")
	private String intensity = "ct";
	@Parameter(label = "Batch size", min = "1",
			description = "training crops per step; 4 on a CPU, more on a GPU")
	private int batch_size = 4;
	@Parameter(label = "Epochs", min = "1",
			description = "number of epochs; used when Steps is -1")
	private int max_epochs = 100;
	@Parameter(label = "Crops per epoch (0 = one pass over the subjects)", min = "0",
			description = "the reference's num_samples_epoch: an epoch is this many training crops")
	private int num_samples_epoch = 5000;
	@Parameter(label = "Steps (-1 = by epochs)", min = "-1",
			description = "number of training steps (each a batch of crops); default 1000, -1 = Epochs × crops per epoch / batch size")
	private int max_steps = 1000;
	@Parameter(label = "Learning rate",
			description = "learning rate of the network's weights; default 1e-3")
	private double learning_rate = 1e-3;
	@Parameter(label = "Learning rate (prompts)",
			description = "learning rate of the class prompts; default 1e-2")
	private double learning_rate_instructions = 1e-2;
	@Parameter(label = "Weight decay",
			description = "AdamW weight decay; default 0.01")
	private double weight_decay = 0.01;
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

	@Override
	protected void execute() {
		TrainingSettings settings = new TrainingSettings(batch_size, max_epochs, num_samples_epoch, max_steps, learning_rate,
				learning_rate_instructions, weight_decay, seed, checkpoint_every);
		TrainRequest request = new TrainRequest(Params.path(dir_images, "dir_images"), Params.optionalPath(dir_masks),
				Params.path(out, "out"), preset, Params.optionalPath(ckpt), cold_start, loss,
				Params.indices(label_indices_base, "label_indices_base"), Params.intensity(intensity), settings, Map.of(), no_overwrite,
				Params.compute(device, threads),
				Params.validation(dir_images_val, dir_masks_val, val_subjects, val_slices, val_every, val_max_slices));
		TrainResult r = punet.train(request, trainingProgress("Pre-train"));
		model = r.model().toFile();
		log.info("PUNet: pre-trained " + r.steps() + " steps on " + r.device() + ", final loss " + r.finalLoss() + "; wrote " + model);
		if (r.bestModel() != null) log.info(best(r));
	}

	/** The log line about {@code best.punet}. */
	static String best(TrainResult r) {
		return String.format(java.util.Locale.ROOT,
				"PUNet: best model by validation Dice: %s (step %d, validation Dice %.4f; the final model's %.4f)", r.bestModel(),
				r.bestStep(), r.bestValDice(), r.valDice());
	}
}
