package io.github.punetfiji.api;

import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.Notes;
import io.github.punetfiji.model.PunetConfig;

/**
 * Whether a model's windows suit an image's slices, checked once per operation before any window runs (segment, segment
 * folder, similarity, prompt-tune from annotations). A model is 3D when its windows ({@code patch_size_students}) are more
 * than one slice deep, else 2D.
 * <ul>
 * <li>a 2D model on a stack works slice by slice, as it was trained: a note says so, once per operation;</li>
 * <li>a 3D model on a single 2D slice is refused: the sliding window would pad the slice with empty slices (zeros of the
 * normalised input) that the model never saw in training, and return meaningless labels without a word;</li>
 * <li>a 3D model on a stack thinner than its windows runs, padded the same way, with a warning.</li>
 * </ul>
 * Notes and warnings go to {@link Notes} (the CLI's stderr; ImageJ's Log in Fiji) and to the operation's status line
 * ({@link Progress#message}).
 */
final class Dimensionality {
	private final PunetConfig config;
	private final String model;
	private final Progress progress;
	private boolean sliceNoteGiven;

	/**
	 * @param model the model's name for messages (its file name)
	 */
	Dimensionality(PunetConfig config, String model, Progress progress) {
		this.config = config;
		this.model = model;
		this.progress = progress;
	}

	/** The depth (z) of the model's windows: 1 for a 2D model. */
	static int depth(PunetConfig config) {
		int depth = 1;
		for (int[] p : config.patchSizeStudents()) depth = Math.max(depth, p[2]);
		return depth;
	}

	/**
	 * Checks an image of {@code dims} ({@code x, y, z}) for segmentation.
	 *
	 * @param image the image's name for messages
	 * @throws PunetException for a 3D model on a single slice
	 */
	void segmenting(long[] dims, String image) {
		refuseSingleSlice(dims, image);
		if (dims[2] > 1 && depth(config) == 1 && !sliceNoteGiven) {
			sliceNoteGiven = true;
			note(model + " is a 2D model: it segments the " + dims[2] + " slices of " + image
					+ " one by one, without context across slices");
		}
		warnThin(dims, image);
	}

	/** Checks an image for a similarity map at slice {@code z}; as {@link #segmenting}, with the note of a 2D model's map. */
	void similarity(long[] dims, String image, int z) {
		refuseSingleSlice(dims, image);
		if (dims[2] > 1 && depth(config) == 1)
			note(model + " is a 2D model: the map covers slice " + z + " of " + image + " (the point's slice) only");
		warnThin(dims, image);
	}

	/** Checks an annotated image for prompt tuning; as {@link #segmenting}, with the note of a 2D model's training. */
	void tuning(long[] dims, String image) {
		refuseSingleSlice(dims, image);
		if (dims[2] > 1 && depth(config) == 1 && !sliceNoteGiven) {
			sliceNoteGiven = true;
			note(model + " is a 2D model: it learns from the annotated slices of " + image + " and segments its " + dims[2]
					+ " slices, each on its own, without context across slices");
		}
		warnThin(dims, image);
	}

	private void refuseSingleSlice(long[] dims, String image) {
		int depth = depth(config);
		if (dims[2] == 1 && depth > 1) {
			throw new PunetException(
					image + " is a single 2D slice (" + dims[0] + "×" + dims[1] + "), but " + model + " is a 3D model (windows " + depth
							+ " slices deep), which would pad it with " + (depth - 1)
							+ " empty slices and give meaningless labels; use a 2D model (preset small or 2d)"
							+ " or a stack of at least " + depth + " slices");
		}
	}

	private void warnThin(long[] dims, String image) {
		int depth = depth(config);
		if (dims[2] > 1 && dims[2] < depth) {
			String text = image + " has " + dims[2] + " slices, fewer than the " + depth + " of the 3D windows of " + model
					+ ": it is padded with "
					+ (depth - dims[2]) + " empty slices, so the labels near them may be wrong; a stack of at least " + depth
					+ " slices avoids this";
			Notes.warn(text);
			progress.message("warning: " + text);
		}
	}

	private void note(String text) {
		Notes.note(text);
		progress.message(text);
	}
}
