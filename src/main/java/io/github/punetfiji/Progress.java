package io.github.punetfiji;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a long operation reports to and asks of its caller: a {@link ProgressListener} and a cancel
 * check. The one progress vocabulary of the project: training ({@code train.Trainer}) and inference
 * ({@code infer.SlidingWindowSegmenter}, {@code infer.FolderSegmentation}, {@code infer.SimilarityMap}) take it,
 * and the Fiji commands and the CLI build it. Engines call {@link #report} and {@link #checkCancelled} between steps
 * (training steps, inference windows, files of a folder); cancel is only a request until it is polled.
 * A training run also hands each step's numbers to {@link #trainingStep} and its notes to {@link #message}.
 *
 * <p>{@link #range} gives a sub-task its share of the bar: {@code progress.range(0.5, 1)} maps the
 * sub-task's [0, 1] onto [0.5, 1] and keeps the same cancel check.
 */
public final class Progress {
	/** No reporting, never cancelled. */
	public static final Progress NONE = new Progress(ProgressListener.NONE, () -> false);

	private final ProgressListener listener;
	private final BooleanSupplier cancelRequested;
	private final double from;
	private final double to;

	/**
	 * @param listener receives fractions in [0, 1]
	 * @param cancelRequested true once the caller wants the operation to stop
	 */
	public Progress(ProgressListener listener, BooleanSupplier cancelRequested) {
		this(listener, cancelRequested, 0, 1);
	}

	private Progress(ProgressListener listener, BooleanSupplier cancelRequested, double from, double to) {
		this.listener = Objects.requireNonNull(listener, "listener");
		this.cancelRequested = Objects.requireNonNull(cancelRequested, "cancelRequested");
		this.from = from;
		this.to = to;
	}

	/** Reports {@code fraction} (in [0, 1], clamped) of this (sub-)task done. */
	public void report(double fraction, String message) {
		double f = Double.isNaN(fraction) ? Double.NaN : from + (to - from) * Math.min(1, Math.max(0, fraction));
		listener.progress(f, message == null ? "" : message);
	}

	/** Reports step {@code done} of {@code total}. */
	public void report(long done, long total, String message) {
		report(total <= 0 ? Double.NaN : (double) done / total, message);
	}

	/**
	 * Passes a training step's numbers (losses, learning rates, validation Dice) to the listener
	 * ({@link ProgressListener#trainingStep}).
	 */
	public void trainingStep(TrainingStep step) {
		listener.trainingStep(step);
	}

	/** Passes a note of the operation ("checkpoint written to …") to the listener ({@link ProgressListener#message}). */
	public void message(String message) {
		listener.message(message == null ? "" : message);
	}

	/** A progress that reports nothing and stops once {@code cancelRequested} turns true. */
	public static Progress cancelling(BooleanSupplier cancelRequested) {
		return new Progress(ProgressListener.NONE, cancelRequested);
	}

	/**
	 * A progress that hands each training step to {@code steps} (null: none), shows nothing else, and stops once
	 * {@code cancelRequested} (null: never) turns true.
	 */
	public static Progress steps(Consumer<TrainingStep> steps, BooleanSupplier cancelRequested) {
		return new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void message(String message) {}

			@Override
			public void trainingStep(TrainingStep step) {
				if (steps != null) steps.accept(step);
			}
		}, cancelRequested == null ? () -> false : cancelRequested);
	}

	/** Whether the caller asked to stop. */
	public boolean isCancelRequested() {
		return cancelRequested.getAsBoolean();
	}

	/**
	 * Throws if the caller asked to stop; call between steps.
	 *
	 * @param what the operation, for the message ("training", "segmentation of case01")
	 * @throws CancelledException if cancel was requested
	 */
	public void checkCancelled(String what) {
		if (isCancelRequested()) throw new CancelledException(what + " cancelled");
	}

	/** A view for a sub-task that fills [{@code start}, {@code end}] of this task's bar. */
	public Progress range(double start, double end) {
		if (!(0 <= start && start <= end && end <= 1)) {
			throw new IllegalArgumentException("a progress range needs 0 <= start <= end <= 1, got [" + start + ", " + end + "]");
		}
		return new Progress(listener, cancelRequested, from + (to - from) * start, from + (to - from) * end);
	}
}
