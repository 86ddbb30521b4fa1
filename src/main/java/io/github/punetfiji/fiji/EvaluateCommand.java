package io.github.punetfiji.fiji;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.punetfiji.api.EvaluateRequest;
import io.github.punetfiji.api.EvaluationResult;
import java.awt.GraphicsEnvironment;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › PUNet › Evaluate (PUNet): Dice (and HD95) per class of a label image against a reference,
 * shown as the results table "PUNet Evaluation &lt;label image&gt;" (one per run: a second run gets its own window) with
 * the mean as its last row.
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Evaluate (PUNet)", headless = true)
public class EvaluateCommand extends PunetCommand {
	/** The title of the results table. */
	public static final String TABLE = "PUNet Evaluation";

	@Parameter(label = "Label image", description = "the segmentation to score, e.g. the labels of Segment Image (PUNet)")
	private ImagePlus prediction;

	@Parameter(label = "Reference labels", description = "the ground truth, an image of the same size with one value per class")
	private ImagePlus reference;

	@Parameter(label = "Classes (blank = the predicted ones)", required = false,
			description = "class values to score, e.g. 1,4; blank: the classes the label image holds or was segmented for, not every "
					+ "reference class")
	private String label_indices = "";

	@Parameter(label = "HD95 (slower)", description = "also the 95th-percentile Hausdorff distance in mm")
	private boolean hd95;

	@Parameter(type = ItemIO.OUTPUT)
	private double mean_dice;

	@Override
	protected void execute() {
		EvaluateRequest request = new EvaluateRequest(Images.toVolume(prediction), Images.toVolume(reference),
				Params.indices(label_indices, "label_indices"), hd95, Images.classNames(prediction));
		EvaluationResult r = punet.evaluate(request, progress("Evaluate"));
		mean_dice = r.meanDice();
		ResultsTable table = new ResultsTable();
		for (EvaluationResult.Score s : r.scores()) {
			table.addRow();
			table.addValue("class", s.label());
			table.addValue("name", s.name());
			table.addValue("dice", s.dice());
			table.addValue("hd95", s.hd95());
		}
		table.addRow();
		table.addValue("class", "mean");
		table.addValue("name", "mean of " + r.scores().size() + " classes");
		table.addValue("dice", mean_dice);
		table.addValue("hd95", r.scores().stream().mapToDouble(EvaluationResult.Score::hd95).average().orElse(Double.NaN));
		if (!GraphicsEnvironment.isHeadless()) table.show(Images.uniqueTitle(TABLE + " " + prediction.getShortTitle()));
		log.info("PUNet: mean Dice " + mean_dice + " over " + r.scores().size() + " classes");
	}
}
