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
 * shown as the results table "PUNet Evaluation".
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Evaluate (PUNet)", headless = true)
public class EvaluateCommand extends PunetCommand {
	/** The title of the results table. */
	public static final String TABLE = "PUNet Evaluation";

	@Parameter(label = "Label image")
	private ImagePlus prediction;

	@Parameter(label = "Reference labels")
	private ImagePlus reference;

	@Parameter(label = "Classes (blank = all in the reference)", required = false)
	private String label_indices = "";

	@Parameter(label = "HD95 (slower)")
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
		if (!GraphicsEnvironment.isHeadless()) table.show(TABLE);
		log.info("PUNet: mean Dice " + mean_dice + " over " + r.scores().size() + " classes");
	}
}
