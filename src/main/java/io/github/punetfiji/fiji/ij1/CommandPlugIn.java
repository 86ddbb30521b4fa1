package io.github.punetfiji.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.github.punetfiji.fiji.MacroFailures;
import io.github.punetfiji.fiji.PunetCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/**
 * Runs a PUNet SciJava command as an ImageJ 1 plugin, for ImageJ 1 without imagej-legacy: the
 * {@code plugins.config} entries name this class with the command's class as argument. The inputs come
 * from a {@link GenericDialog} (so macros, batch mode and the recorder work as for any ImageJ 1 plugin,
 * with the parameter names as keys); image outputs are shown, other outputs logged; a failure is one message that
 * stops a running macro, never a dialog without an ImageJ window, and ends {@code java -jar ij.jar -batch} with a
 * non-zero status ({@link MacroFailures}).
 *
 * <p>NB: in Fiji, imagej-legacy puts each SciJava command into the menu under the same label, which
 * overrides these entries ("Overriding … " in the log): there the command runs as a SciJava command
 * directly, with the same keys.
 */
public class CommandPlugIn implements PlugIn {
	private static final String TITLE = "PUNet";
	private static Context context;

	@Override
	public void run(String commandClass) {
		// NB: in plain ImageJ 1 this jar and its libraries are loaded by ImageJ's plugin class loader, which the
		// thread's context class loader is not: SciJava's plugin index and DJL's engine lookup read the latter
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(CommandPlugIn.class.getClassLoader());
		try {
			runWithPluginLoader(commandClass);
		} finally {
			thread.setContextClassLoader(previous);
		}
	}

	private void runWithPluginLoader(String commandClass) {
		Context ctx = context();
		CommandInfo info = ctx.service(CommandService.class).getCommand(commandClass);
		if (info == null) {
			fail("no PUNet command " + commandClass + " (is the PUNet jar complete?)");
			return;
		}
		ModuleService modules = ctx.service(ModuleService.class);
		Module module = modules.createModule(info);
		List<ModuleItem<?>> items = new ArrayList<>();
		GenericDialog gd = new GenericDialog(info.getTitle());
		for (ModuleItem<?> item : info.inputs()) {
			if (!DialogFields.isUserInput(item)) continue;
			items.add(item);
			DialogFields.add(gd, item, module.getInput(item.getName()));
		}
		if (!items.isEmpty()) { // NB: a command without inputs (System Check) runs at once, from a macro too
			gd.addHelp(DialogFields.help(info.getTitle(), items));
			gd.showDialog();
			if (gd.wasCanceled()) return;
		}
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (ModuleItem<?> item : items) inputs.put(item.getName(), DialogFields.read(gd, item));
		try {
			modules.run(module, true, inputs).get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		} catch (ExecutionException e) {
			// NB: a bug, not a bad input: one line (the trace only in ImageJ's debug mode), never an Exception window
			Throwable cause = e.getCause() == null ? e : e.getCause();
			if (IJ.debugMode) cause.printStackTrace();
			fail("internal error in " + info.getTitle() + ": " + cause + " (please report it)");
			return;
		}
		if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
			String reason = ((Cancelable) module).getCancelReason();
			PunetCommand command = module.getDelegateObject() instanceof PunetCommand ? (PunetCommand) module.getDelegateObject() : null;
			if (command != null && command.failed()) {
				if (!command.errorShown()) show(reason); // NB: the command logged it
				MacroFailures.exitIfBatch();
			} else if (reason != null && command == null) {
				fail(reason);
			}
			return;
		}
		for (ModuleItem<?> item : info.outputs()) {
			Object value = module.getOutput(item.getName());
			if (value instanceof ImagePlus) ((ImagePlus) value).show();
			else if (value != null) IJ.log(info.getTitle() + ": " + item.getName() + " = " + value);
		}
	}

	/** One message (stderr, and ImageJ's error dialog where ImageJ has a window), the macro stopped, {@code -batch} ends non-zero. */
	private static void fail(String message) {
		System.err.println(TITLE + ": " + message);
		show(message);
		MacroFailures.exitIfBatch();
	}

	/** Stops the running macro with {@code message}, or shows it in ImageJ's error dialog where ImageJ has a window. */
	private static void show(String message) {
		if (IJ.isMacro()) MacroFailures.abortMacro(TITLE, message);
		else if (MacroFailures.dialogsAllowed()) IJ.error(TITLE, message);
	}

	/**
	 * Fiji's context when imagej-legacy is present, otherwise one made on first use and kept; called from {@link #run}
	 * with this plugin's class loader as the context loader (in plain ImageJ 1, ImageJ's plugin class loader: the jars
	 * in {@code plugins/}), from which SciJava reads its plugin index.
	 */
	static synchronized Context context() {
		if (context == null) {
			Object o = IJ.runPlugIn(Context.class.getName(), "");
			context = o instanceof Context ? (Context) o : new Context(); // NB: run() made this plugin's loader the context loader
		}
		return context;
	}
}
