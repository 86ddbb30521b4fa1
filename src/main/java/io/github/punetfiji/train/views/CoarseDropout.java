package io.github.punetfiji.train.views;

import java.util.List;
import java.util.SplittableRandom;

/**
 * MONAI {@code RandCoarseDropout} with {@code fill_value=None}: the image's [min, max) is computed first
 * and filled voxels get independent {@code U(min, max)} noise. With {@code dropoutHoles} the boxes are
 * filled; without, everything <em>outside</em> all boxes is filled ("outer dropout"). Only the image
 * changes; grid and labels are untouched.
 */
public final class CoarseDropout implements Augmentation {
	/** Reference {@code RandCoarseDropoutd(dropout_holes=True, holes=1, max_holes=3, spatial_size=5, max_spatial_size=20)}. */
	public static final Holes INNER = new Holes(1, 3, 5, 20);
	/** Reference {@code RandCoarseDropoutd(dropout_holes=False, holes=6, spatial_size=48, max_spatial_size=96)}. */
	public static final Holes OUTER = new Holes(6, 6, 48, 96);

	private final Holes holes;
	private final boolean dropoutHoles;

	public CoarseDropout(Holes holes, boolean dropoutHoles) {
		this.holes = holes;
		this.dropoutHoles = dropoutHoles;
	}

	@Override
	public void apply(View v, SplittableRandom rng) {
		List<int[]> boxes = holes.sample(v.dims, rng);
		IntensityStats s = new IntensityStats(v.image);
		float[] img = v.image;
		if (dropoutHoles) {
			for (int[] b : boxes) Holes.forEach(b, v.dims, i -> img[i] = noise(rng, s));
		} else {
			float[] out = new float[img.length];
			for (int i = 0; i < out.length; i++) out[i] = noise(rng, s);
			for (int[] b : boxes) Holes.forEach(b, v.dims, i -> out[i] = img[i]);
			v.image = out;
		}
	}

	private static float noise(SplittableRandom rng, IntensityStats s) {
		return (float) Augmentation.uniform(rng, s.min, s.max);
	}
}
