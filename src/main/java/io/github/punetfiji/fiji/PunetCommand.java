package io.github.punetfiji.fiji;

import ij.IJ;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.Progress;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * The base of the PUNet commands: runs {@link #execute()} and turns failures into messages, never stack
 * traces.
 *
 * <p>A {@link PunetException} or {@link UnsupportedOperationException} (an operation not built yet) is
 * logged as an error and cancels the command with its message ({@link #getCancelReason()}, which is what
 * scripts and tests read). Then, if an ImageJ macro is running, it aborts the macro ({@link MacroFailures}: with
 * ImageJ's error dialog where ImageJ has a window, never a dialog without one); otherwise, if a user interface is
 * visible, it is shown in a dialog. A
 * {@link CancelledException} (Esc or a cancel request, see {@link FijiProgress}) cancels quietly. Any other
 * exception is a bug and propagates, so SciJava reports it with its stack trace.
 */
public abstract class PunetCommand extends ContextCommand {
	/** Title of error dialogs. */
	static final String TITLE = "PUNet";

	@Parameter
	protected PunetService punet;

	@Parameter
	protected LogService log;

	@Parameter
	private StatusService status;

	@Parameter
	private UIService ui;

	private boolean errorShown;
	private boolean failed;
	/** The live loss plot of a training command ({@link #trainingProgress}), or null. */
	private TrainingWindow trainingWindow;

	/** The command's work: parameters to a request, one service call, result to outputs. */
	protected abstract void execute();

	@Override
	public final void run() {
		// NB: the engine (DJL's ServiceLoader) looks for itself through the thread's context class loader; in plain
		// ImageJ 1 only the loader of this plugin's jar sees the engine's jars in plugins/
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(PunetCommand.class.getClassLoader());
		try {
			execute();
		} catch (PunetException | UnsupportedOperationException e) {
			fail(e.getMessage());
		} catch (CancelledException e) {
			log.info(TITLE + ": " + e.getMessage());
			// NB: plain ImageJ shows SciJava's log nowhere; a stopped training says in the Log where it kept the model
			if (IJ.getInstance() != null) IJ.log(TITLE + ": " + e.getMessage());
			if (!isCanceled()) cancel(e.getMessage());
		} finally {
			if (trainingWindow != null) trainingWindow.finish(isCanceled() ? "Stopped" : "Finished");
			FijiProgress.done();
			status.clearStatus();
			thread.setContextClassLoader(previous);
		}
	}

	/** A progress and cancel check for the service call, reporting as {@code task}. */
	protected Progress progress(String task) {
		return FijiProgress.of(this, status, log, task);
	}

	/**
	 * A progress for a training, reporting as {@code task}: as {@link #progress}, with a window that plots the loss live
	 * and has a Stop button, where one may be shown (not headless, not in batch mode).
	 */
	protected Progress trainingProgress(String task) {
		trainingWindow = TrainingWindow.open("PUNet " + task, ui.isHeadless());
		if (trainingWindow == null) return progress(task);
		return FijiProgress.training(this, status, log, task, trainingWindow::add, trainingWindow::stopRequested);
	}

	/** Whether a failure was already shown to the user (by {@code IJ.error} or a dialog), not only logged. */
	public boolean errorShown() {
		return errorShown;
	}

	/** Whether the command failed with a message (a {@link PunetException}), not only cancelled. */
	public boolean failed() {
		return failed;
	}

	private void fail(String message) {
		log.error(TITLE + ": " + message);
		cancel(message);
		failed = true;
		if (IJ.isMacro()) {
			MacroFailures.abortMacro(TITLE, message); // NB: a dialog only where ImageJ has a window to show it
			errorShown = true;
		} else if (!ui.isHeadless() && ui.isVisible()) {
			ui.showDialog(message, TITLE, DialogPrompt.MessageType.ERROR_MESSAGE);
			errorShown = true;
		}
	}
}
