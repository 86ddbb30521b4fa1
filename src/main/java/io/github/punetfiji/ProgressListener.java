package io.github.punetfiji;

/** Receives the progress of a long operation. Implementations must be cheap and thread-safe. */
@FunctionalInterface
public interface ProgressListener {
	/** Ignores all progress. */
	ProgressListener NONE = (fraction, message) -> {};

	/**
	 * @param fraction done so far, in [0, 1]; {@code NaN} when unknown
	 * @param message what is being done now, e.g. "epoch 3/100: loss 0.412"; may be empty
	 */
	void progress(double fraction, String message);

	/**
	 * A training step done, with its losses and, where the run validated, the validation Dice: for plots. Called after
	 * {@link #progress} of the same step; the default ignores it.
	 */
	default void trainingStep(TrainingStep step) {}

	/**
	 * A note of the operation that is not a step ("resuming at step 40 of 100", "checkpoint written to …"). The default
	 * shows it as a progress message of unknown fraction.
	 */
	default void message(String message) {
		progress(Double.NaN, message);
	}
}
