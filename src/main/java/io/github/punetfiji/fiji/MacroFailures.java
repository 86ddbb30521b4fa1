package io.github.punetfiji.fiji;

import ij.IJ;
import ij.ImageJ;
import ij.Macro;
import ij.macro.Interpreter;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;

/**
 * How a PUNet failure stops an ImageJ 1 macro: one message, never a dialog nobody can click, and under
 * {@code java -jar ij.jar -batch m.ijm} a non-zero exit status.
 *
 * <p>NB: ImageJ 1.54 aborts a macro from {@code IJ.error}, through the interpreter's error display, a modal
 * {@code GenericDialog} even when ImageJ has no main window: under {@code -batch} with a display (Xvfb) it waits
 * forever. Without a main window the interpreter is told to ignore errors first, so the abort only stops it
 * ({@code Interpreter.abort(String)}: done, error message kept) and the message is the one the command already
 * wrote to the log (stderr).
 *
 * <p>NB: ImageJ's {@code -batch} ends with {@code System.exit(0)} whatever the macro did, so a failed PUNet command
 * exits the JVM with status 1 itself, once the macro is aborted — only when this JVM is ImageJ's {@code -batch}
 * main ({@link ImageJ#getArgs()} holds {@code -batch}) without a main window, never inside Fiji, a test or a
 * user's session.
 */
public final class MacroFailures {
	/** The exit status of a {@code -batch} run whose PUNet command failed. */
	public static final int BATCH_FAILURE_STATUS = 1;

	private MacroFailures() {}

	/** Whether a modal dialog may show: ImageJ has its main window and the JVM a display. */
	public static boolean dialogsAllowed() {
		return IJ.getInstance() != null && !GraphicsEnvironment.isHeadless();
	}

	/**
	 * Stops the running macro with {@code message}: ImageJ's error dialog where one may show, otherwise no dialog
	 * (the caller has logged the message). Does nothing when no macro runs.
	 */
	public static void abortMacro(String title, String message) {
		if (!IJ.isMacro()) return;
		if (!dialogsAllowed()) {
			Interpreter interpreter = Interpreter.getInstance();
			if (interpreter != null) interpreter.setIgnoreErrors(true); // NB: abort without the modal "Macro Error" dialog
		}
		try {
			IJ.error(title, message); // NB: stops the running macro (Macro.abort / Interpreter.abort)
		} catch (RuntimeException e) {
			// ImageJ's interpreter signals the abort by throwing this on the macro's thread
			if (!Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
		}
	}

	/** Whether this JVM is ImageJ 1's {@code -batch} run ({@code java -jar ij.jar -batch m.ijm}) with no main window. */
	public static boolean isBatchMain() {
		String[] args = ImageJ.getArgs();
		return IJ.getInstance() == null && args != null && Arrays.stream(args).anyMatch(a -> a != null && a.startsWith("-batch"));
	}

	/** Ends a {@code -batch} run with status {@link #BATCH_FAILURE_STATUS} after a failure; elsewhere does nothing. */
	public static void exitIfBatch() {
		if (!isBatchMain()) return;
		System.out.flush();
		System.err.flush();
		System.exit(BATCH_FAILURE_STATUS);
	}
}
