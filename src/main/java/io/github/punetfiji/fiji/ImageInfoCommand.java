package io.github.punetfiji.fiji;

import java.io.File;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Image Info (PUNet): dimensions, spacing, type and value range of an image file, as
 * {@code ./punet info}. Headless: {@code --run "Image Info (PUNet)" "file='/data/case01.nii.gz'"}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Image Info (PUNet)", headless = true)
public class ImageInfoCommand extends PunetCommand {
	@Parameter(label = "Image file", style = FileWidget.OPEN_STYLE,
			description = "a NIfTI (.nii, .nii.gz), TIFF or DICOM file (or DICOM folder); its size, voxel size, type and value range go "
					+ "to the Log")
	private File file;

	@Parameter(type = ItemIO.OUTPUT)
	private String info;

	@Override
	protected void execute() {
		info = punet.info(Params.path(file, "file")).summary();
		log.info("PUNet: " + info);
	}
}
