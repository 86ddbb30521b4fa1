package io.github.punetfiji.fiji;

import io.github.punetfiji.api.Requests;
import io.github.punetfiji.api.SegmentFolderRequest;
import io.github.punetfiji.api.SegmentFolderResult;
import java.io.File;
import java.util.Locale;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Segment Folder (PUNet): segments every image of a folder and writes
 * {@code <out>/<stem>_labels.nii.gz}; with a mask folder also writes {@code metrics.csv} (CLI
 * {@code --mode predict} / {@code --mode test}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Segment Folder (PUNet)", headless = true)
public class SegmentFolderCommand extends PunetCommand {
	@Parameter(label = "Model (.punet)", style = FileWidget.OPEN_STYLE,
			description = "the .punet model to segment with")
	private File ckpt;

	@Parameter(label = "Image folder", style = FileWidget.DIRECTORY_STYLE,
			description = "folder of images to segment (NIfTI, TIFF or DICOM), one per file")
	private File dir_images;

	@Parameter(label = "Mask folder (optional, to score)", style = FileWidget.DIRECTORY_STYLE, required = false,
			description = "label images named like the images: with them each result is scored (Dice, HD95) into metrics.csv; blank = "
					+ "segment only")
	private File dir_masks;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
			description = "folder for <name>_labels.nii.gz per image (and probabilities, metrics.csv)")
	private File out;

	@Parameter(label = "Classes (blank = all)", required = false,
			description = "class indices to segment, e.g. 1,2,5; blank = every class the model knows")
	private String label_indices = "";

	@Parameter(label = "Sliding window overlap", min = Requests.MIN_OVERLAP, stepSize = "0.05",
			description = "fraction by which neighbouring windows overlap, from 0 up to (not including) 1; default 0.5; more = smoother, "
					+ "slower")
	private double sliding_window_overlap = 0.5;

	@Parameter(label = "Blending of overlapping windows", choices = {"constant", "gaussian"},
			description = "constant: the reference's; gaussian: " + "each window weighs its centre more")
	private String blending = "constant";

	@Parameter(label = "Windows per forward (batch size)", min = "1",
			description = "windows per network pass; default 4; more is faster if memory allows")
	private int batch_size = 4;

	@Parameter(label = "Save probabilities",
			description = "also write each class's probability map as <name>_prob_<class>.nii.gz")
	private boolean save_probabilities;

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
	private String summary;

	@Override
	protected void execute() {
		SegmentFolderRequest request = new SegmentFolderRequest(Params.path(ckpt, "ckpt"), Params.path(dir_images, "dir_images"),
				Params.optionalPath(dir_masks), Params.path(out, "out"), Params.indices(label_indices, "label_indices"),
				sliding_window_overlap, save_probabilities, Params.intensity(intensity), Params.compute(device, threads), blending,
				batch_size);
		SegmentFolderResult r = punet.segmentFolder(request, progress("Segment folder"));
		summary = String.format(Locale.ROOT, "wrote %d files to %s on %s%s", r.written().size(), out, r.device(),
				r.metrics() == null ? "" : String.format(Locale.ROOT, "; mean Dice %.4f (%s)", r.meanDice(), r.metrics()));
		log.info("PUNet: " + summary);
	}
}
