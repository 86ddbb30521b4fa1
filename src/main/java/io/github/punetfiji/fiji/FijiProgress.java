package io.github.punetfiji.fiji;

import ij.IJ;
import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.TrainingStep;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * Adapts {@link Progress} to Fiji and ImageJ 1: fractions go to the progress bar, messages to the status line and to
 * the log at debug level. Where ImageJ 1's window is there (plain ImageJ, and Fiji with its legacy UI) the bar and line
 * are ImageJ's own ({@link IJ#showProgress(double)}, {@link IJ#showStatus(String)}); otherwise (headless, or a SciJava
 * context without ImageJ 1) they go to SciJava's {@link StatusService}. The cancel check polls the command's
 * {@link Cancelable} state, the thread's interrupt flag (a cancelled {@code Future}), ImageJ's Esc key
 * ({@link IJ#escapePressed()}, the usual way to stop a long ImageJ operation) and, for a training, the Stop button of
 * its window ({@link TrainingWindow}).
 */
public final class FijiProgress implements ProgressListener {
	private static final int STEPS = 1000;

	/** A status line with a progress bar. */
	interface Bar {
		void status(String text);

		/** @param fraction in [0, 1] */
		void progress(double fraction);
	}

	private final Bar bar;
	private final LogService log;
	private final String task;
	private final Consumer<TrainingStep> steps;

	FijiProgress(Bar bar, LogService log, String task, Consumer<TrainingStep> steps) {
		this.bar = bar;
		this.log = log;
		this.task = task;
		this.steps = steps;
	}

	/**
	 * A progress for {@code command}, named {@code task} in messages. Clears a stale Esc key press, so
	 * that only a press during this operation cancels it.
	 */
	public static Progress of(Cancelable command, StatusService status, LogService log, String task) {
		IJ.resetEscape();
		return new Progress(new FijiProgress(bar(status), log, task, null), cancelCheck(command));
	}

	/**
	 * A progress for a training {@code command}: as {@link #of}, and each step goes to {@code steps} (a live loss plot,
	 * {@link TrainingWindow#add}), and {@code stop} (its Stop button) cancels as Esc does.
	 */
	public static Progress training(Cancelable command, StatusService status, LogService log, String task, Consumer<TrainingStep> steps,
			BooleanSupplier stop) {
		IJ.resetEscape();
		BooleanSupplier cancel = cancelCheck(command);
		return new Progress(new FijiProgress(bar(status), log, task, steps), () -> stop.getAsBoolean() || cancel.getAsBoolean());
	}

	/** True once {@code command} is cancelled, the thread is interrupted, or Esc was pressed. */
	static BooleanSupplier cancelCheck(Cancelable command) {
		return () -> command.isCanceled() || Thread.currentThread().isInterrupted() || IJ.escapePressed();
	}

	/** ImageJ 1's status line and progress bar when its window is there, else SciJava's status. */
	static Bar bar(StatusService status) {
		return IJ.getInstance() != null ? imageJ1() : scijava(status);
	}

	/** ImageJ 1's status line and progress bar. */
	static Bar imageJ1() {
		return new Bar() {
			@Override
			public void status(String text) {
				IJ.showStatus(text);
			}

			@Override
			public void progress(double fraction) {
				IJ.showProgress(fraction);
			}
		};
	}

	/** SciJava's status (shown by Fiji's status bar through its UI, and by tests listening to status events). */
	static Bar scijava(StatusService status) {
		return new Bar() {
			private int last = -1;

			@Override
			public void status(String text) {
				if (last < 0) status.showStatus(text);
				else status.showStatus(last, STEPS, text);
			}

			@Override
			public void progress(double fraction) {
				last = (int) Math.round(fraction * STEPS);
			}
		};
	}

	/** Clears ImageJ 1's progress bar (SciJava's clears with {@link StatusService#clearStatus()}). */
	static void done() {
		if (IJ.getInstance() != null) IJ.showProgress(1.0);
	}

	@Override
	public void progress(double fraction, String message) {
		String text = message.isEmpty() ? task : task + ": " + message;
		if (!Double.isNaN(fraction)) bar.progress(fraction);
		bar.status(text);
		log.debug(text);
	}

	@Override
	public void trainingStep(TrainingStep step) {
		if (steps != null) steps.accept(step);
	}
}
