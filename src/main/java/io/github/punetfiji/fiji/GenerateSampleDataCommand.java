package io.github.punetfiji.fiji;

import io.github.punetfiji.api.SampleDataRequest;
import io.github.punetfiji.data.synth.SampleData;
import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins › PUNet › Generate Sample Data (PUNet): writes the deterministic synthetic abdominal CT set
 * ({@code images/}, {@code labels/}, {@code labels.json}), as {@code ./punet sample-data}. Macro:
 * {@code run("Generate Sample Data (PUNet)", "out=/tmp/sample subjects=2 seed=2024 dims=64,64,16");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>Generate Sample Data (PUNet)", headless = true)
public class GenerateSampleDataCommand extends PunetCommand {
	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
			description = "folder to write images/, labels/ and labels.json into (created if missing)")
	private File out;

	@Parameter(label = "Subjects", min = "1", max = SampleDataRequest.MAX_SUBJECTS_TEXT,
			description = "number of synthetic CT volumes to generate; default 8")
	private int subjects = 8;

	@Parameter(label = "Seed",
			description = "random seed: the same seed gives the same volumes; default 2024")
	private long seed = 2024;

	@Parameter(label = "Size x,y,z (voxels)",
			description = "size of each volume in voxels, x,y,z, e.g. 160,160,48 (at least 8,8,2)")
	private String dims = "160,160,48";

	@Override
	protected void execute() {
		SampleData.Summary s = punet.sampleData(Params.path(out, "out"), subjects, seed, Params.dims(dims, "dims"),
				progress("Sample data"));
		log.info(String.format(java.util.Locale.ROOT, "PUNet: wrote %d synthetic subjects (seed %d, %.1f MB) to %s", s.subjects(), s.seed(),
				s.bytes() / 1e6, s.dir()));
	}
}
