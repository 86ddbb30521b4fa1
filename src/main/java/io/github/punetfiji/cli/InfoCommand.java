package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import java.io.PrintStream;

/** {@code ./punet info FILE}: placeholder until the data layer lands. */
final class InfoCommand implements Main.Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		throw new PunetException("info is not available yet");
	}

	@Override
	public String usage() {
		return "info FILE                      print dims, spacing, type and range of an image as JSON";
	}
}
