package io.github.punetfiji.fiji;

import ij.ImagePlus;
import ij.macro.Interpreter;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.SimilarityRequest;
import io.github.punetfiji.api.SimilaritySession;
import io.github.punetfiji.api.SimilarityResult;
import java.awt.GraphicsEnvironment;
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
 * float image in the same colours. Optionally the maps with and without prompts side by side ({@link SimilarityComparison}),
 * and a live map that follows the point clicked ({@link SimilarityLive}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Similarity Map (PUNet)", headless = true)
public class SimilarityMapCommand extends PunetCommand {
	@Parameter(label = "Image",
			description = "an open grey image (2D or a stack); in a macro image=[title]")
	private ImagePlus image;

	@Parameter(label = "Model (.punet; blank = the bundled sample body)", style = FileWidget.OPEN_STYLE, required = false,
			description = "the .punet model whose embedding is compared; blank = the body bundled with the plugin (synthetic CT)")
	private File ckpt;

	@Parameter(label = "Point x,y,z (blank = point selection)", required = false,
			description = "voxel to compare every other voxel with, x,y,z in pixels from 0 (z = slice − 1), e.g. 80,64,20; blank = the "
					+ "point selection on the image")
	private String point = "";

	@Parameter(label = "With prompts",
			description = "embed with the class prompts (as when segmenting); off = without prompts")
	private boolean with_prompts = true;

	@Parameter(label = "Also without prompts, side by side",
			description = "also compute the map with prompts switched the other way and show both as one two-panel image with "
					+ "titles (left with prompts, right without), as in the paper's figures")
	private boolean side_by_side;

	@Parameter(label = "Live: click or drag to move the point",
			description = "keep the model loaded: each click or drag on the image recomputes the map at that point of the slice "
					+ "shown and replaces the overlay; Esc on the image or closing it stops (needs the image in a window)")
	private boolean live;

	@Parameter(label = "Prompted classes (blank = all)", required = false,
			description = "classes whose prompts are active, e.g. 1; blank = all")
	private String label_indices = "";

	@Parameter(label = "Device", choices = {"auto", "cpu", "gpu"},
			description = Params.DEVICE_HELP)
	private String device = "auto";

	@Parameter(label = "Threads (0 = automatic)", min = "0",
			description = Params.THREADS_HELP)
	private int threads;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus similarity;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus comparison;

	@Override
	protected void execute() {
		if (live && (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode() || image.getWindow() == null))
			throw new PunetException(SimilarityLive.refusal(image)); // NB: before the model loads
		int[] at = Images.point(image, point, "point");
		SimilarityRequest request = new SimilarityRequest(Params.modelOrSampleBody(ckpt), Images.toVolume(image), at, with_prompts,
				Params.indices(label_indices, "label_indices"), Params.compute(device, threads));
		if (!live && !side_by_side) {
			show(punet.similarity(request, progress("Similarity map")), at);
			return;
		}
		// NB: one model load for both maps and every point clicked; the live map closes it when it stops
		SimilaritySession session = punet.openSimilarity(request.model(), request.compute());
		boolean kept = false;
		try {
			SimilarityResult r = session.map(request.image(), at, with_prompts, request.labelIndices(), progress("Similarity map"));
			show(r, at);
			if (side_by_side) {
				SimilarityResult other =
						session.map(request.image(), at, !with_prompts, request.labelIndices(), progress("Similarity map"));
				comparison = SimilarityComparison.montage(image, at, with_prompts ? r : other, with_prompts ? other : r,
						Images.uniqueTitle(image.getShortTitle() + "_similarity_prompts"));
			}
			if (live) kept = SimilarityLive.start(image, session, with_prompts, request.labelIndices()) != null;
		} finally {
			if (!kept) session.close();
		}
	}

	private void show(SimilarityResult r, int[] at) {
		similarity = Images.toImagePlus(r.map());
		similarity.setTitle(Images.uniqueTitle(image.getShortTitle() + "_similarity"));
		SimilarityOverlays.show(image, r, at, similarity); // NB: the heat map on the image at the point's slice, as in the paper's figures
	}
}
