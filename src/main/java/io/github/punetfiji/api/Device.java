package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import java.util.Locale;

/** Where the network runs (CLI flag {@code --device}): {@code auto} takes a GPU when DJL has one. */
public enum Device {
	AUTO, CPU, GPU;

	/** The CLI name: {@code auto}, {@code cpu} or {@code gpu}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses a CLI name, refusing others with a message naming the value. */
	public static Device parse(String s) {
		for (Device d : values()) {
			if (d.label().equalsIgnoreCase(s.trim())) return d;
		}
		throw new PunetException("device '" + s + "' is not one of auto|cpu|gpu");
	}
}
