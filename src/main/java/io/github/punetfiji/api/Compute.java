package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import java.util.Objects;

/**
 * Runtime settings shared by every operation (CLI flags {@code --device} and {@code --threads}).
 *
 * @param device where to run
 * @param threads CPU threads for the engine; 0 lets the engine choose
 */
public record Compute(Device device, int threads) {
	/** {@code --device auto}, engine-chosen threads. */
	public static final Compute DEFAULT = new Compute(Device.AUTO, 0);

	public Compute {
		Objects.requireNonNull(device, "device");
		if (threads < 0) throw new PunetException("threads must be 0 (automatic) or more, got " + threads);
	}
}
