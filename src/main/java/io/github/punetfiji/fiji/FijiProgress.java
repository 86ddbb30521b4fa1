package io.github.punetfiji.fiji;

import ij.IJ;
import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import java.util.function.BooleanSupplier;
import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * Adapts {@link Progress} to Fiji: fractions go to the status bar's progress ({@link StatusService}),
 * messages to the status line and to the log at debug level; the cancel check polls the command's
 * {@link Cancelable} state, the thread's interrupt flag (a cancelled {@code Future}), and ImageJ's Esc
 * key ({@link IJ#escapePressed()}, the usual way to stop a long ImageJ operation).
 */
public final class FijiProgress implements ProgressListener {
	private static final int STEPS = 1000;

	private final StatusService status;
	private final LogService log;
	private final String task;

	private FijiProgress(StatusService status, LogService log, String task) {
		this.status = status;
		this.log = log;
		this.task = task;
	}

	/**
	 * A progress for {@code command}, named {@code task} in messages. Clears a stale Esc key press, so
	 * that only a press during this operation cancels it.
	 */
	public static Progress of(Cancelable command, StatusService status, LogService log, String task) {
		IJ.resetEscape();
		return new Progress(new FijiProgress(status, log, task), cancelCheck(command));
	}

	/** True once {@code command} is cancelled, the thread is interrupted, or Esc was pressed. */
	static BooleanSupplier cancelCheck(Cancelable command) {
		return () -> command.isCanceled() || Thread.currentThread().isInterrupted() || IJ.escapePressed();
	}

	@Override
	public void progress(double fraction, String message) {
		String text = message.isEmpty() ? task : task + ": " + message;
		if (Double.isNaN(fraction)) status.showStatus(text);
		else status.showStatus((int) Math.round(fraction * STEPS), STEPS, text);
		log.debug(text);
	}
}
