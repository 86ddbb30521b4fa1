package io.github.punetfiji.train.views;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Box sampling of MONAI 0.9 {@code RandCoarseTransform.randomize}, shared by {@link CoarseDropout} and
 * {@link CoarseShuffle}: {@code randint(holes, maxHoles)} boxes (inclusive), each of a per-axis size
 * {@code randint(lo, maxSize)} clipped to the view, at a uniform valid position.
 *
 * <p>NB: the sizes are cubic ({@code spatial_size=5} means 5 along every axis, clipped to the view, so a
 * 2D slice gets depth 1 and a 3D patch of depth 8 gets 5–8), and, as in MONAI 0.9, {@code lo} is the
 * <em>previous</em> box's size (the loop reassigns {@code size}), so sizes never shrink within one call.
 *
 * @param minHoles reference {@code holes}
 * @param maxHoles reference {@code max_holes} ({@code = minHoles} when the reference gives none)
 * @param minSize reference {@code spatial_size}
 * @param maxSize reference {@code max_spatial_size}
 */
public record Holes(int minHoles, int maxHoles, int minSize, int maxSize) {

	/** Boxes as {@code [x0, y0, z0, sx, sy, sz]}. */
	public List<int[]> sample(int[] dims, SplittableRandom rng) {
		int count = Augmentation.between(rng, minHoles, maxHoles);
		int[] size = {minSize, minSize, minSize};
		List<int[]> boxes = new ArrayList<>(count);
		for (int h = 0; h < count; h++) {
			int[] box = new int[6];
			for (int d = 0; d < 3; d++) {
				size[d] = Augmentation.between(rng, size[d], maxSize);
				int valid = Math.min(dims[d], size[d]);
				box[d] = dims[d] > valid ? rng.nextInt(dims[d] - valid + 1) : 0;
				box[3 + d] = valid;
			}
			boxes.add(box);
		}
		return boxes;
	}

	/** Calls {@code action} with the flat index of every voxel of a box, in layout order. */
	static void forEach(int[] box, int[] dims, IntConsumer action) {
		for (int x = box[0]; x < box[0] + box[3]; x++) {
			for (int y = box[1]; y < box[1] + box[4]; y++) {
				int base = (x * dims[1] + y) * dims[2];
				for (int z = box[2]; z < box[2] + box[5]; z++) action.accept(base + z);
			}
		}
	}
}
