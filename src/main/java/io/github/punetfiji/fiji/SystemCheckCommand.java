package io.github.punetfiji.fiji;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › PUNet › System Check (PUNet): what PUNet computes with on this machine — engine and libtorch, GPUs,
 * threads, OpenMP wait policy, the CPU instruction-set level chosen so that the native kernels compute right,
 * and the self-check's verdict — as JSON in the Log, as {@code ./punet doctor}. Macro:
 * {@code run("System Check (PUNet)");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>PUNet>System Check (PUNet)", headless = true)
public class SystemCheckCommand extends PunetCommand {
	@Parameter(type = ItemIO.OUTPUT, label = "System check")
	private String report;

	@Override
	protected void execute() {
		report = punet.systemCheck();
		log.info("PUNet system check:\n" + report);
	}
}
