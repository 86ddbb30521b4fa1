package io.github.punetfiji.infer;

/**
 * Receives progress of a long operation.
 *
 * @deprecated for {@code cli/bench} only, until it takes an {@link io.github.punetfiji.Progress}; the one progress
 *     vocabulary is {@link io.github.punetfiji.Progress} and {@link io.github.punetfiji.ProgressListener}
 */
@Deprecated
@FunctionalInterface
public interface ProgressListener {
	/** A listener that ignores everything. */
	ProgressListener NONE = (fraction, message) -> {};

	/**
	 * @param fraction done so far, in {@code [0, 1]}
	 * @param message what is being done, e.g. {@code "case01: window 12/48"}
	 */
	void progress(double fraction, String message);
}
