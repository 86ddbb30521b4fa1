package io.github.punetfiji.model.runtime;

/**
 * Autograd recording off for the current thread until closed (PyTorch's {@code torch.no_grad()}).
 * NB: PyTorch's grad mode is per thread and on by default; DJL switches it off only in the thread that
 * loads the engine. Inference and optimizer updates running in other threads (Fiji commands, the
 * SciJava thread pool, tests) must switch it off themselves: otherwise every forward builds a graph and
 * in-place parameter updates fail ("a leaf Variable that requires grad is being used in an in-place
 * operation"). Gradient collectors switch it back on inside their scope.
 */
public final class GradMode implements AutoCloseable {
	private final boolean previous;

	private GradMode(boolean enabled) {
		boolean pytorch = "PyTorch".equals(TorchRuntime.engine().getEngineName());
		previous = pytorch && ai.djl.pytorch.jni.JniUtils.isGradMode();
		if (pytorch) ai.djl.pytorch.jni.JniUtils.setGradMode(enabled);
	}

	/** Switches recording off until {@link #close()}. */
	public static GradMode off() {
		return new GradMode(false);
	}

	@Override
	public void close() {
		if ("PyTorch".equals(TorchRuntime.engine().getEngineName())) ai.djl.pytorch.jni.JniUtils.setGradMode(previous);
	}
}
