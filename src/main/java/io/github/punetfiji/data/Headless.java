package io.github.punetfiji.data;

import java.util.function.Supplier;

/** Runs ImageJ 1 calls without a display: sets {@code java.awt.headless} unless a display is in use. */
final class Headless {
	private Headless() {}

	static <T> T quietly(Supplier<T> call) {
		if (System.getProperty("java.awt.headless") == null && System.getenv("DISPLAY") == null) {
			System.setProperty("java.awt.headless", "true");
		}
		return call.get();
	}
}
