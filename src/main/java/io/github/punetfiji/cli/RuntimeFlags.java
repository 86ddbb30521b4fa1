package io.github.punetfiji.cli;

import ai.djl.engine.Engine;
import io.github.punetfiji.PunetException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runtime flags shared by the subcommands: {@code --device}, {@code --threads}, and Ctrl-C as cancel. */
final class RuntimeFlags {
	private RuntimeFlags() {}

	/**
	 * Reads {@code --device auto|cpu|gpu} and {@code --threads N}; returns the device used. NB: the CPU
	 * engine is bundled; a GPU needs a CUDA flavour of libtorch on the class path (see README).
	 */
	static String device(Args args) {
		String device = args.choice("device", "auto", "auto", "cpu", "gpu");
		int threads = args.integer("threads", 0);
		if (threads < 0) throw new PunetException("--threads must be >= 0, got " + threads);
		if (threads > 0) {
			System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
			System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		}
		int gpus = Engine.getInstance().getGpuCount();
		if (device.equals("gpu") && gpus == 0) {
			throw new PunetException("--device gpu: no GPU is visible to the PyTorch engine (the bundled libtorch is the CPU build); use --device cpu or auto");
		}
		return gpus > 0 && !device.equals("cpu") ? "gpu" : "cpu";
	}

	/** A flag that turns true on Ctrl-C (SIGINT), so long runs stop cleanly after the current step. */
	static AtomicBoolean cancelOnInterrupt() {
		AtomicBoolean flag = new AtomicBoolean();
		try {
			sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
				if (flag.getAndSet(true)) System.exit(3); // a second Ctrl-C stops at once
				System.err.println("punet: cancelling after the current step (Ctrl-C again to stop at once)");
			});
		} catch (IllegalArgumentException | UnsupportedOperationException e) {
			// no signal support: Ctrl-C ends the JVM; outputs are written atomically, so nothing is half-written
		}
		return flag;
	}
}
