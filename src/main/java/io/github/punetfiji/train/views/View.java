package io.github.punetfiji.train.views;

import java.util.Arrays;

/**
 * One view being augmented: image, coordinate grid and labels of the same spatial size, modified in
 * place by {@link Augmentation}s (which may also replace the arrays).
 *
 * <p>Dimension letters: X Y Z spatial (H W D of the network), N = X·Y·Z; voxel {@code (x, y, z)} is
 * at {@code ((x*Y)+y)*Z+z}. The grid is channel-first {@code [3, X, Y, Z]}: channel c of voxel i is at
 * {@code c*N + i}.
 *
 * <p><b>Coordinate grid</b> (reference {@code conversion_monai._gen_mesh_grid}): channel c holds the
 * voxel index along axis c of the <em>whole source volume</em>, minus {@code (dim_c - 1) / 2}, so the
 * volume centre is {@code (0, 0, 0)}; units are voxels (not mm). It travels through the crops (which
 * keep values), the affine (bilinear, reflection padding) and the final crop/pad (reflection), never
 * through intensity or masking augmentations.
 */
public final class View {
	/** {@code [X, Y, Z]}. */
	public final int[] dims;
	/** {@code [X, Y, Z]} values. */
	public float[] image;
	/** {@code [3, X, Y, Z]} source positions (see class comment). */
	public float[] grid;
	/** {@code [X, Y, Z]} unsigned classes, or null. */
	public byte[] labels;

	public View(int[] dims, float[] image, float[] grid, byte[] labels) {
		int n = dims[0] * dims[1] * dims[2];
		if (image.length != n || grid.length != 3 * n || (labels != null && labels.length != n)) {
			throw new IllegalArgumentException("view arrays do not match dims " + Arrays.toString(dims));
		}
		this.dims = dims.clone();
		this.image = image;
		this.grid = grid;
		this.labels = labels;
	}

	/** N = X·Y·Z. */
	public int size() {
		return image.length;
	}

	/** A deep copy. */
	public View copy() {
		return new View(dims, image.clone(), grid.clone(), labels == null ? null : labels.clone());
	}

	/**
	 * The region {@code [origin, origin + size)} of a sample as a new view with its coordinate grid;
	 * indices outside the sample are reflected (as {@link Resampling#reflect(int, int)}).
	 */
	public static View crop(Sample s, int[] origin, int[] size) {
		int[] sd = s.dims();
		float[] centre = new float[3];
		for (int c = 0; c < 3; c++) centre[c] = (sd[c] - 1) / 2f;
		int n = size[0] * size[1] * size[2];
		float[] image = new float[n];
		float[] grid = new float[3 * n];
		byte[] labels = s.labels() == null ? null : new byte[n];
		float[] src = s.image();
		int i = 0;
		for (int x = 0; x < size[0]; x++) {
			int sx = Resampling.reflect(origin[0] + x, sd[0]);
			for (int y = 0; y < size[1]; y++) {
				int sy = Resampling.reflect(origin[1] + y, sd[1]);
				for (int z = 0; z < size[2]; z++, i++) {
					int sz = Resampling.reflect(origin[2] + z, sd[2]);
					int si = s.index(sx, sy, sz);
					image[i] = src[si];
					if (labels != null) labels[i] = s.labels()[si];
					grid[i] = sx - centre[0];
					grid[n + i] = sy - centre[1];
					grid[2 * n + i] = sz - centre[2];
				}
			}
		}
		return new View(size, image, grid, labels);
	}

	/** The region {@code [origin, origin + size)} of this view; outside indices are reflected. */
	public View region(int[] origin, int[] size) {
		int n = size[0] * size[1] * size[2];
		int m = size();
		float[] im = new float[n];
		float[] g = new float[3 * n];
		byte[] l = labels == null ? null : new byte[n];
		int i = 0;
		for (int x = 0; x < size[0]; x++) {
			int sx = Resampling.reflect(origin[0] + x, dims[0]);
			for (int y = 0; y < size[1]; y++) {
				int sy = Resampling.reflect(origin[1] + y, dims[1]);
				for (int z = 0; z < size[2]; z++, i++) {
					int si = (sx * dims[1] + sy) * dims[2] + Resampling.reflect(origin[2] + z, dims[2]);
					im[i] = image[si];
					if (l != null) l[i] = labels[si];
					for (int c = 0; c < 3; c++) g[c * n + i] = grid[c * m + si];
				}
			}
		}
		return new View(size, im, g, l);
	}
}
