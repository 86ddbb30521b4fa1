package io.github.punetfiji.fiji;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ExecutionException;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;
import org.scijava.ui.UIService;

/** Small headless SciJava contexts for command tests, and running a command to completion. */
final class TestContexts {
	/** A bundled sample volume (int16, 160×160×48, LPS orientation). */
	static final Path SAMPLE = Paths.get("sample-data/images/synth_000.nii.gz");

	private TestContexts() {}

	/** A headless context with the PUNet service and what the commands need. */
	static Context headless() {
		Context context = new Context(CommandService.class, PunetService.class, StatusService.class, UIService.class, LogService.class,
				PrefService.class);
		context.service(UIService.class).setHeadless(true);
		return context;
	}

	/**
	 * Runs a command with pre- and post-processing, as Fiji does, and waits for it. The command's
	 * remembered parameter values (SciJava persists them in the user's preferences) are cleared before
	 * and after, so that tests see the declared defaults and leave no trace.
	 */
	static CommandModule run(Context context, Class<? extends Command> command, Object... inputs) {
		PrefService prefs = context.service(PrefService.class);
		prefs.clear(command);
		try {
			return context.service(CommandService.class).run(command, true, inputs).get();
		} catch (InterruptedException | ExecutionException e) {
			throw new AssertionError("command " + command.getSimpleName() + " threw instead of reporting", e);
		} finally {
			prefs.clear(command);
		}
	}
}
