package io.github.punetfiji.fiji;

import ij.ImagePlus;
import io.github.punetfiji.api.SimilarityRequest;
import io.github.punetfiji.api.SimilarityResult;
import java.io.File;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Similarity Map (PUNet): the cosine similarity of the embedding at one voxel (the
 * image's point selection, or {@code point=x,y,z}) to every voxel, as in the paper's figures 3 and 4: a heat-map overlay
 * with a colour bar on the image, the point marked, at the point's slice ({@link SimilarityOverlays}); the map itself as a
 * float image in the same colours.
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Similarity Map (PUNet)", headless = true)
public class SimilarityMapCommand extends PunetCommand {
	@Parameter(label = "Image",
			description = "an open grey image (2D or a stack); in a macro image=[title]")
	private ImagePlus image;

	@Parameter(label = "Model (.punet)", style = FileWidget.OPEN_STYLE,
			description = "the .punet model whose embedding is compared")
	private File ckpt;

	@Parameter(label = "Point x,y,z (blank = point selection)", required = false,
			description = "voxel to compare every other voxel with, x,y,z in pixels from 0 (z = slice − 1), e.g. 80,64,20; blank = the "
					+ "point selection on the image")
	private String point = "";

	@Parameter(label = "With prompts",
			description = "embed with the class prompts (as when segmenting); off = without prompts")
	private boolean with_prompts = true;

	@Parameter(label = "Prompted classes (blank = all)", required = false,
			description = "classes whose prompts are active, e.g. 1; blank = all")
	private String label_indices = "";

	@Parameter(label = "Device", choices = {"auto", "cpu", "gpu"},
			description = "where the network runs: auto = a usable GPU, else the CPU; cpu; gpu")
	private String device = "auto";

	@Parameter(label = "Threads (0 = automatic)", min = "0",
			description = "CPU threads for the network; 0 = automatic; e.g. 2 to leave cores to other programs")
	private int threads;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus similarity;

	@Override
	protected void execute() {
		int[] at = Images.point(image, point, "point");
		SimilarityRequest request = new SimilarityRequest(Params.path(ckpt, "ckpt"), Images.toVolume(image), at, with_prompts,
				Params.indices(label_indices, "label_indices"), Params.compute(device, threads));
		SimilarityResult r = punet.similarity(request, progress("Similarity map"));
		similarity = Images.toImagePlus(r.map());
		similarity.setTitle(Images.uniqueTitle(image.getShortTitle() + "_similarity"));
		SimilarityOverlays.show(image, r, at, similarity); // NB: the heat map on the image at the point's slice, as in the paper's figures
	}
}
