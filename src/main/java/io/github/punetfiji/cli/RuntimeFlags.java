package io.github.punetfiji.cli;

import io.github.punetfiji.model.runtime.Devices;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runtime flags shared by the subcommands: {@code --device}, {@code --threads}, and Ctrl-C as cancel. */
final class RuntimeFlags {
	private RuntimeFlags() {}

	/** {@code --device} and {@code --threads} as given; {@link #resolve} applies them. */
	record Compute(String device, int threads) {
		/** As a request's {@link io.github.punetfiji.api.Compute}. */
		io.github.punetfiji.api.Compute request() {
			return new io.github.punetfiji.api.Compute(io.github.punetfiji.api.Device.parse(device), threads);
		}

		/**
		 * The device of {@link Devices}'s policy (auto: a GPU when the engine sees one; gpu without one is
		 * refused), with the thread count applied; the choice is reported on stderr.
		 */
		ai.djl.Device resolve(PrintStream err) {
			if (threads > 0) {
				// NB: read when the engine starts; Devices.threads covers an engine that is already running
				System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
				System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
			}
			ai.djl.Device d = Devices.resolve(device);
			Devices.threads(threads);
			if (err != null) err.println("punet: device: " + Devices.label(d) + (device.equals("auto") ? " (auto)" : ""));
			return d;
		}
	}

	/** Reads {@code --device auto|cpu|gpu} (default auto) and {@code --threads N} (0 = the engine's choice). */
	static Compute read(Args args) {
		String device = args.choice("device", "auto", "auto", "cpu", "gpu");
		int threads = args.integer("threads", 0);
		Compute c = new Compute(device, threads);
		c.request(); // NB: api.Compute checks the thread count, the one place
		return c;
	}

	/**
	 * A flag that turns true on Ctrl-C (SIGINT) or SIGTERM ({@code kill}, a batch scheduler's time limit), so long runs
	 * stop cleanly after the current step, keep what they learnt, and exit with status 3. A second signal exits at once,
	 * also with 3; the shutdown hook of {@link io.github.punetfiji.io.TempFiles} removes the temporary files of writes in
	 * progress.
	 */
	static AtomicBoolean cancelOnInterrupt() {
		AtomicBoolean flag = new AtomicBoolean();
		for (String name : new String[] {"INT", "TERM"}) {
			try {
				sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
					if (flag.getAndSet(true)) System.exit(3); // a second signal stops at once
					System.err.println("punet: cancelling after the current step (SIG" + name + "; again to stop at once)");
				});
			} catch (IllegalArgumentException | UnsupportedOperationException e) {
				// no signal support: the signal ends the JVM; outputs are written atomically, so nothing is half-written
			}
		}
		return flag;
	}
}
