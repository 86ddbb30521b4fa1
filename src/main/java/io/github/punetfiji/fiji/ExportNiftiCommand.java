package io.github.punetfiji.fiji;

import ij.ImagePlus;
import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Export NIfTI (PUNet): saves an image as NIfTI-1 ({@code .nii.gz} or {@code .nii}),
 * with the orientation it was imported with. Macro:
 * {@code run("Export NIfTI (PUNet)", "image=case01 save=/data/out/case01.nii.gz");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Export NIfTI (PUNet)", headless = true)
public class ExportNiftiCommand extends PunetCommand {
	@Parameter(label = "Image",
			description = "the open image to save, with its voxel size and, if it was imported, its orientation")
	private ImagePlus image;

	@Parameter(label = "NIfTI file", style = FileWidget.SAVE_STYLE, description = "ends in .nii.gz or .nii (.tif also works)")
	private File save;

	@Override
	protected void execute() {
		progress("Export NIfTI").report(0, "writing " + save);
		punet.save(Images.toVolume(image), Params.path(save, "save"));
		log.info("PUNet: saved " + image.getTitle() + " to " + save);
	}
}
