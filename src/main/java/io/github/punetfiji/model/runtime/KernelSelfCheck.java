package io.github.punetfiji.model.runtime;

/**
 * The self-check of the native kernels that {@link KernelGuard} runs before real work. The runtime only knows
 * this interface; the check itself ({@code model/KernelCheck}) runs the network's blocks, which sit above the
 * runtime, and registers itself as a {@link java.util.ServiceLoader service}
 * ({@code META-INF/services/io.github.punetfiji.model.runtime.KernelSelfCheck}).
 *
 * <p>NB: the hook keeps the packages acyclic: the blocks load the engine through the runtime, and the
 * runtime's guard reaches the check (which builds blocks) only through this interface.
 */
public interface KernelSelfCheck {
	/** Set in the child processes of {@link KernelGuard#childProber()}: they check the level they were started with and choose nothing. */
	String CHILD_PROPERTY = "punet.kernel-check.child";
	/** The line prefix of the child process's verdict, so that other output of the process cannot be mistaken for it. */
	String VERDICT_PREFIX = "punet-kernel-check: ";

	/** How much to check. */
	enum Scope { QUICK, FULL }

	/** What a check found: whether it passed, and a one-line summary. */
	interface Outcome {
		boolean passed();

		String summary();
	}

	/** Bumped when the cases change, so that verdicts cached by an older check are not reused. */
	int version();

	/** Runs the check in this process, with the engine as loaded. */
	Outcome check(Scope scope);

	/**
	 * The child-process form: a class whose {@code main} takes {@code full} or {@code quick} (and
	 * {@code --fail-fast}), prints one line {@link #VERDICT_PREFIX} + JSON ({@code passed}, {@code summary}) and
	 * exits 0 when it passed.
	 */
	Class<?> mainClass();
}
