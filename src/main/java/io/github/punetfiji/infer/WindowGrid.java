package io.github.punetfiji.infer;

import java.util.Arrays;

/**
 * Where the windows of a sliding-window inference lie, with MONAI's {@code sliding_window_inference}
 * semantics (the reference's inferer), per axis x, y, z (tensor axes H, W, D):
 * <ul>
 * <li>padding: an axis shorter than the window is padded to the window size, {@code ⌊diff/2⌋} before
 * and the rest after; the padded voxels hold 0 of the <em>normalised</em> input (MONAI's constant
 * padding of the normalised tensor);</li>
 * <li>step: {@code ⌊window · (1 − overlap)⌋} (at least 1), or the window size where the padded image is
 * exactly one window;</li>
 * <li>starts: {@code 0, step, 2·step, …} up to the first that reaches the end, the last one moved back so
 * the window ends at the border.</li>
 * </ul>
 * All coordinates here are in the padded image; {@link #padBefore()} maps them back.
 */
public final class WindowGrid {
	private final int[] window;
	private final long[] dims;
	private final int[] padBefore;
	private final long[] padded;
	private final int[][] starts;

	/**
	 * @param dims image size {@code [x, y, z]}
	 * @param window window size {@code [x, y, z]}
	 * @param overlap fraction in {@code [0, 1)}
	 */
	public WindowGrid(long[] dims, int[] window, double overlap) {
		if (dims.length != 3 || window.length != 3) throw new IllegalArgumentException("dims and window need 3 values");
		if (!(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("overlap must be in [0, 1), got " + overlap);
		this.window = window.clone();
		this.dims = dims.clone();
		padBefore = new int[3];
		padded = new long[3];
		starts = new int[3][];
		for (int a = 0; a < 3; a++) {
			if (window[a] < 1) throw new IllegalArgumentException("window sizes must be positive, got " + Arrays.toString(window));
			long diff = Math.max(window[a] - dims[a], 0);
			padBefore[a] = (int) (diff / 2);
			padded[a] = dims[a] + diff;
			starts[a] = starts(padded[a], window[a], overlap);
		}
	}

	/** The window starts along one axis of length {@code size ≥ window}. */
	static int[] starts(long size, int window, double overlap) {
		int step = size == window ? window : Math.max(1, (int) (window * (1 - overlap)));
		int n = 1;
		while ((long) (n - 1) * step + window < size) n++;
		int[] s = new int[n];
		for (int k = 0; k < n; k++) s[k] = (int) Math.min((long) k * step, size - window);
		return s;
	}

	public int[] window() {
		return window.clone();
	}

	/** The image size {@code [x, y, z]} before padding. */
	public long[] dims() {
		return dims.clone();
	}

	/** Voxels of padding before the image per axis. */
	public int[] padBefore() {
		return padBefore.clone();
	}

	/** The padded size {@code [x, y, z]}. */
	public long[] padded() {
		return padded.clone();
	}

	/** Window starts (padded coordinates) along axis {@code a}, ascending. */
	public int[] starts(int a) {
		return starts[a].clone();
	}

	/** Number of windows. */
	public long count() {
		return (long) starts[0].length * starts[1].length * starts[2].length;
	}
}
