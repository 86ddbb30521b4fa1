package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * Reflection, in-plane affine resampling and crop/pad placement on {@link View}s, in plain Java.
 *
 * <p>Conventions are those of MONAI 0.9 {@code Resample} on PyTorch {@code grid_sample} with
 * {@code align_corners=True}: reflection mirrors about the centres of the border voxels (period
 * {@code 2(n-1)}, like NumPy's {@code reflect} pad mode), bilinear interpolation for images and grids,
 * nearest (round half to even) for labels.
 *
 * <p>Dimension letters: X Y Z spatial (H W D), voxel {@code (x, y, z)} at {@code ((x*Y)+y)*Z+z}.
 */
public final class Resampling {
	private Resampling() {}

	/** Index {@code i} reflected into {@code [0, n)} (NumPy {@code reflect}; any {@code i}). */
	public static int reflect(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * (n - 1);
		int r = Math.floorMod(i, period);
		return r < n ? r : period - r;
	}

	/** Coordinate {@code x} reflected into {@code [0, n-1]} (torch {@code reflect_coordinates}). */
	public static double reflect(double x, int n) {
		if (n == 1) return 0;
		double span = n - 1;
		double a = Math.abs(x);
		double extra = a % span;
		long flips = (long) Math.floor(a / span);
		return (flips & 1) == 0 ? extra : span - extra;
	}

	/**
	 * Resamples a view in-plane: output voxel {@code (x, y, z)} takes the input at {@code A·p + c} in
	 * the same slice z, where {@code p = (x, y) - c} and {@code c = ((X-1)/2, (Y-1)/2)} (MONAI's
	 * centred {@code create_grid}). Images and all three grid channels are bilinear, labels nearest,
	 * both with reflection padding. The output has the input's size.
	 *
	 * @param a row-major 2×2 matrix {@code [a00, a01, a10, a11]} mapping output to input offsets
	 */
	public static View affineInPlane(View v, double[] a) {
		int nx = v.dims[0], ny = v.dims[1], nz = v.dims[2], n = v.size();
		double cx = (nx - 1) / 2.0, cy = (ny - 1) / 2.0;
		float[] im = new float[n];
		float[] g = new float[3 * n];
		byte[] l = v.labels == null ? null : new byte[n];
		for (int x = 0; x < nx; x++) {
			double px = x - cx;
			for (int y = 0; y < ny; y++) {
				double py = y - cy;
				double sx = reflect(a[0] * px + a[1] * py + cx, nx);
				double sy = reflect(a[2] * px + a[3] * py + cy, ny);
				int x0 = Math.min((int) sx, nx - 1), y0 = Math.min((int) sy, ny - 1);
				int x1 = Math.min(x0 + 1, nx - 1), y1 = Math.min(y0 + 1, ny - 1);
				float fx = (float) (sx - x0), fy = (float) (sy - y0);
				float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
				int i00 = (x0 * ny + y0) * nz, i10 = (x1 * ny + y0) * nz, i01 = (x0 * ny + y1) * nz, i11 = (x1 * ny + y1) * nz;
				int near = ((int) Math.rint(sx) * ny + (int) Math.rint(sy)) * nz;
				int o = (x * ny + y) * nz;
				for (int z = 0; z < nz; z++) {
					im[o + z] = w00 * v.image[i00 + z] + w10 * v.image[i10 + z] + w01 * v.image[i01 + z] + w11 * v.image[i11 + z];
					for (int c = 0; c < 3; c++) {
						int b = c * n + z;
						g[b + o] = w00 * v.grid[b + i00] + w10 * v.grid[b + i10] + w01 * v.grid[b + i01] + w11 * v.grid[b + i11];
					}
					if (l != null) l[o + z] = v.labels[near + z];
				}
			}
		}
		return new View(v.dims, im, g, l);
	}

	/**
	 * Origin of a {@code size} window in a dimension of {@code n}: uniform over the valid positions when
	 * it fits (MONAI {@code get_random_patch}: {@code randint(0, n - size + 1)}), else the symmetric pad
	 * offset {@code -((size - n) / 2)} (MONAI {@code SpatialPad(method="symmetric")}).
	 *
	 * @param rng null for the centred position
	 */
	public static int origin(int n, int size, SplittableRandom rng) {
		if (n <= size) return -((size - n) / 2);
		return rng == null ? (n - size) / 2 : rng.nextInt(n - size + 1);
	}

	/**
	 * MONAI {@code RandSpatialCropd(roi_size=size, random_center=True)} followed by
	 * {@code SpatialPadd(spatial_size=size, mode="reflect")}: a window of exactly {@code size}.
	 *
	 * @param rng null for a centred window
	 */
	public static View cropOrPad(View v, int[] size, SplittableRandom rng) {
		int[] o = new int[3];
		for (int d = 0; d < 3; d++) o[d] = origin(v.dims[d], size[d], rng);
		return v.region(o, size);
	}
}
