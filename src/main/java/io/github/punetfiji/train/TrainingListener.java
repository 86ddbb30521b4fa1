package io.github.punetfiji.train;

/** Receives training progress; Fiji and the CLI adapt it (status bar, log, stderr). */
@FunctionalInterface
public interface TrainingListener {
	void onStep(TrainingEvent event);

	/** A free-form message (e.g. "checkpoint written to …"). */
	default void onMessage(String message) {}
}
