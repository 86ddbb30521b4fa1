package io.github.punetfiji.fiji;

import ij.ImagePlus;
import java.io.File;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Import NIfTI (PUNet): opens a NIfTI-1 file ({@code .nii}, {@code .nii.gz},
 * {@code .hdr}/{@code .img}; TIFF and DICOM work too) as an image calibrated in mm. Macro:
 * {@code run("Import NIfTI (PUNet)", "open=/data/case01.nii.gz");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Import NIfTI (PUNet)", headless = true)
public class ImportNiftiCommand extends PunetCommand {
	@Parameter(label = "NIfTI file", style = FileWidget.OPEN_STYLE, description = "a .nii, .nii.gz or .hdr/.img file")
	private File open;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus image;

	@Override
	protected void execute() {
		progress("Import NIfTI").report(0, "reading " + open);
		image = Images.toImagePlus(punet.open(Params.path(open, "open")));
	}
}
