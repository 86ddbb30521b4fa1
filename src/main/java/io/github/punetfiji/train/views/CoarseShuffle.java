package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * MONAI {@code RandCoarseShuffle}: the image values inside each box are randomly permuted (boxes in
 * turn, so overlaps are shuffled again). Reference: {@code RandCoarseShuffled(holes=1, max_holes=3,
 * spatial_size=5, max_spatial_size=20)}. Only the image changes.
 */
public final class CoarseShuffle implements Augmentation {
	/** Reference {@code RandCoarseShuffled(holes=1, max_holes=3, spatial_size=5, max_spatial_size=20)}. */
	public static final Holes HOLES = new Holes(1, 3, 5, 20);

	private final Holes holes;

	public CoarseShuffle(Holes holes) {
		this.holes = holes;
	}

	@Override
	public void apply(View v, SplittableRandom rng) {
		for (int[] b : holes.sample(v.dims, rng)) {
			int[] idx = new int[b[3] * b[4] * b[5]];
			int[] k = {0};
			Holes.forEach(b, v.dims, i -> idx[k[0]++] = i);
			float[] vals = new float[idx.length];
			for (int i = 0; i < idx.length; i++) vals[i] = v.image[idx[i]];
			for (int i = vals.length - 1; i > 0; i--) { // Fisher–Yates
				int j = rng.nextInt(i + 1);
				float t = vals[i];
				vals[i] = vals[j];
				vals[j] = t;
			}
			for (int i = 0; i < idx.length; i++) v.image[idx[i]] = vals[i];
		}
	}
}
