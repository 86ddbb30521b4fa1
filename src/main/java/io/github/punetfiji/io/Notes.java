package io.github.punetfiji.io;

import java.util.function.Consumer;

/**
 * One-line notes and warnings for the user from any layer (a capped instruction set, a voxel size that had to be
 * assumed): stderr with a {@code punet: } prefix by default; the Fiji service sends them to ImageJ's Log.
 */
public final class Notes {
	private static volatile Consumer<String> sink = line -> System.err.println("punet: " + line);

	private Notes() {}

	/** Where notes go from now on. */
	public static void setSink(Consumer<String> s) {
		sink = s;
	}

	/** A note ({@code note: …}). */
	public static void note(String text) {
		sink.accept("note: " + text);
	}

	/** A warning ({@code warning: …}). */
	public static void warn(String text) {
		sink.accept("warning: " + text);
	}

	/**
	 * A voxel size read from {@code source}: {@code value} when it is positive and finite, else 1 mm with a warning
	 * naming the file and the axis (a size of 0 or NaN would otherwise become 1 without a word).
	 */
	public static double spacingOrOne(double value, String axis, String source) {
		if (value > 0 && Double.isFinite(value)) return value;
		warn(source + " has no valid voxel size along " + axis + " (" + value + "); 1 mm assumed");
		return 1;
	}
}
