package io.github.punetfiji.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.AnnotationTuneRequest;
import io.github.punetfiji.api.AnnotationTuneResult;
import io.github.punetfiji.data.Volume;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Prompt-tune from Annotations (PUNet): teaches a frozen pre-trained model one new structure from the
 * user's outlines of it on a few slices of the open image (ROIs in the ROI Manager, or a label image), by true prompt
 * tuning, then shows the structure as a coloured overlay on the image. Run again with more outlines to continue from the
 * last result. Esc stops it.
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Prompt-tune from Annotations (PUNet)", headless = true)
public class AnnotatePromptTuneCommand extends PunetCommand {
	@Parameter(label = "Image",
			description = "the open image you outlined the structure on (2D or a stack); in a macro image=[title]")
	private ImagePlus image;
	@Parameter(label = "Pre-trained model (.punet; blank = the bundled sample body)", style = FileWidget.OPEN_STYLE, required = false,
			description = "the pre-trained .punet model to teach the structure to; blank = the body bundled with the plugin, "
					+ "pre-trained on the synthetic sample data (Generate Sample Data) for liver, kidney_left, aorta, stomach, vertebra")
	private File model;
	@Parameter(label = "Class index of the new structure", min = "1",
			description = "the index the structure is learnt as: one the model has prompts for "
					+ "but has not learnt (not a base class)")
	private int class_index = 4;
	@Parameter(label = "Name of the structure (blank = the model's)", required = false,
			description = "a name for the structure, shown in the overlay and the Log, e.g. kidney_right; blank = the model's name for "
					+ "the class")
	private String class_name = "";
	@Parameter(label = "Label image (title or file; blank = ROI Manager)", required = false,
			description = "blank: the ROIs of the ROI Manager, each on "
					+ "its slice (inside = the structure, outside = background); a label image: 0 = background, 255 = not annotated, "
					+ "other values = the structure")
	private String labels = "";
	@Parameter(label = "Slices without the structure (from 1)", required = false,
			description = "slices you checked that do not show the structure, "
					+ "e.g. 3, 40: trained on as all background")
	private String background_slices = "";
	@Parameter(label = "Output folder (blank = next to the model)", style = FileWidget.DIRECTORY_STYLE, required = false,
			description = "folder for the tuned model and one run_NNN/ folder per run; blank = <model>_<image>_class<k>/ next to the model")
	private File out;
	@Parameter(label = "Start over from the model (ignore the last result)",
			description = "off: continue from the last result in the output folder "
					+ "for this image and class, if there is one")
	private boolean start_over;
	@Parameter(label = "Steps", min = "1",
			description = "training steps of this run; default 200 (minutes on a CPU with a small model); more steps, closer fit")
	private int steps = 200;
	@Parameter(label = "Batch size", min = "1",
			description = "training crops per step; default 2")
	private int batch_size = 2;
	@Parameter(label = "Learning rate (prompts)",
			description = "learning rate of the structure's prompts; default 0.05")
	private double learning_rate_instructions_downstream = 0.05;
	@Parameter(label = "Seed",
			description = "random seed: the same seed and inputs give the same result")
	private long seed = 1;
	@Parameter(label = "Intensity normalisation", choices = {"model", "ct", "percentile", "none"},
			description = Params.INTENSITY_HELP)
	private String intensity = "model";
	@Parameter(label = "Device", choices = {"auto", "cpu", "gpu"},
			description = Params.DEVICE_HELP)
	private String device = "auto";
	@Parameter(label = "Threads (0 = automatic)", min = "0",
			description = Params.THREADS_HELP)
	private int threads;

	@Parameter(type = ItemIO.OUTPUT)
	private File tuned_model;

	@Override
	protected void execute() {
		Volume<?> volume = Images.toVolume(image);
		int[] background = Params.imageJSlices(background_slices, "background_slices");
		Volume<?> annotation = labels == null || labels.isBlank()
				? Annotations.fromRois(image, Annotations.roiManagerRois(), background, volume.spacing())
				: Annotations.fromLabels(labelImage(labels.trim()), background);
		AnnotationTuneRequest request =
				new AnnotationTuneRequest(Params.modelOrSampleBody(model), volume, annotation, class_index, class_name,
						Params.optionalPath(out), start_over, steps, batch_size, learning_rate_instructions_downstream, seed,
						Params.intensity(intensity),
						Params.compute(device, threads));
		AnnotationTuneResult r = punet.promptTuneAnnotations(request, trainingProgress("Prompt-tune " + image.getTitle()));
		int shown = StructureOverlay.show(image, r.labels(), class_index, r.className());
		tuned_model = r.model().toFile();
		note(String.format(Locale.ROOT,
				"PUNet: prompt-tuned %s (class %d) on %d annotated slice(s) of %s, %d steps on %s, %s (%.3f %% of parameters "
						+ "trainable); wrote %s",
				r.className(), class_index, r.annotatedSlices().length, image.getTitle(), r.training().steps(),
				r.training().device(), r.continued() ? "continuing from " + r.startedFrom() : "from " + r.startedFrom(),
				100 * r.training().trainableFraction(), tuned_model));
		note("PUNet: the run's image and annotation (NIfTI, 255 = not annotated) are kept in " + r.run() + "; to repeat it: "
				+ r.command());
		note("PUNet: " + r.className() + " shown on " + shown + " slice(s) of " + image.getTitle() + " (overlay '"
				+ StructureOverlay.name(r.className()) + "')");
	}

	/** An open image of that title, else an image file. */
	private Volume<?> labelImage(String titleOrFile) {
		ImagePlus open = WindowManager.getImage(titleOrFile);
		if (open != null) return Images.toVolume(open);
		Path file = Path.of(titleOrFile);
		if (Files.exists(file)) return punet.open(file);
		throw new PunetException("labels: no open image is titled '" + titleOrFile + "' and no such file exists");
	}

	/** To the log, and to ImageJ's Log window where there is one. */
	private void note(String line) {
		log.info(line);
		if (IJ.getInstance() != null) IJ.log(line);
	}
}
