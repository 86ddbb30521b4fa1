package io.github.punetfiji.cli;

import java.io.PrintStream;

/** One subcommand of the command line ({@link Main} keeps the table of them by name). */
interface Subcommand {
	/** @return the exit status */
	int run(Args args, PrintStream out) throws Exception;

	/** Runs with the error stream for notes such as the device used (default: not used). */
	default int run(Args args, PrintStream out, PrintStream err) throws Exception {
		return run(args, out);
	}

	/** One line: the subcommand's name and flags, for {@code ./punet --help}. */
	String usage();
}
