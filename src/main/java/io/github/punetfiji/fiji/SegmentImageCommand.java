package io.github.punetfiji.fiji;

import ij.ImagePlus;
import io.github.punetfiji.api.Requests;
import io.github.punetfiji.api.SegmentRequest;
import io.github.punetfiji.api.SegmentResult;
import java.io.File;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Segment Image (PUNet): segments the image with a {@code .punet} model and shows the
 * label image (and, if asked, the class probabilities). Parameters mirror the CLI's flags.
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Segment Image (PUNet)", headless = true)
public class SegmentImageCommand extends PunetCommand {
	@Parameter(label = "Image",
			description = "an open grey image (2D or a stack); in a macro image=[title]")
	private ImagePlus image;

	@Parameter(label = "Model (.punet; blank = the bundled sample body)", style = FileWidget.OPEN_STYLE, required = false,
			description = "the .punet model to segment with; blank = the body bundled with the plugin, pre-trained on the synthetic "
					+ "sample data (Generate Sample Data) for liver, kidney_left, aorta, stomach, vertebra")
	private File ckpt;

	@Parameter(label = "Classes (blank = all)", required = false, description = "class indices to prompt for, e.g. 1,2,5")
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

	@Parameter(label = "Show probabilities",
			description = "also show each class's probability (0–1) as an image")
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
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus probabilities;

	@Override
	protected void execute() {
		SegmentRequest request = new SegmentRequest(Params.modelOrSampleBody(ckpt), Images.toVolume(image),
				Params.indices(label_indices, "label_indices"), sliding_window_overlap, save_probabilities, Params.intensity(intensity),
				Params.compute(device, threads), blending, batch_size);
		SegmentResult r = punet.segment(request, progress("Segment " + image.getTitle()));
		labels = Images.labels(r.labels(), r.classNames(), Images.uniqueTitle(image.getShortTitle() + "_labels"));
		probabilities =
				Images.probabilities(r.probabilities(), r.classNames(), Images.uniqueTitle(image.getShortTitle() + "_probabilities"));
		log.info("PUNet: segmented " + image.getTitle() + " on " + r.device());
	}
}
