package io.github.punetfiji.train.views;

import java.util.Arrays;

/**
 * One training subject in memory, independent of ImgLib2 (the data layer converts its volumes into
 * this): an intensity-normalised image (e.g. the CT window [-1000, 1000] → [-1, 1] already applied),
 * optional labels, voxel spacing, a name and whether its labels may be used.
 *
 * <p>Dimension letters: X Y Z spatial, in the tensor convention of the network ({@code [C, H, W, D]}
 * with H = X, W = Y, D = Z): the flat index of voxel {@code (x, y, z)} is {@code ((x*Y)+y)*Z+z} — x
 * slowest, z fastest. A 2D image is {@code Z = 1}.
 *
 * <p>Labels are unsigned bytes (classes 0–254); {@link #UNLABELLED} (255) marks voxels nobody annotated
 * (sparse annotations: a structure drawn on a few slices): the segmentation loss ignores them, and crops of
 * a sparsely annotated subject always hold an annotated slice ({@link #annotatedSlices}). Arrays are shared,
 * not copied: do not modify them while a {@link ViewGenerator} uses the sample.
 */
public final class Sample {
	/** The label value of a voxel nobody annotated. */
	public static final int UNLABELLED = 255;

	private final int[] dims;
	private final double[] spacing;
	private final float[] image;
	private final byte[] labels;
	private final String name;
	private final boolean annotated;
	private final double weight;

	/**
	 * @param dims {@code [X, Y, Z]}, each at least 1
	 * @param spacing voxel size per axis (mm), length 3
	 * @param image {@code X·Y·Z} values, layout above
	 * @param labels {@code X·Y·Z} classes, or null if the subject has none
	 * @param name the subject ("frame" of the reference; the CPA loss groups views by it)
	 * @param annotated whether the segmentation loss may use the labels (reference aux key {@code annotated})
	 * @param weight subject sampling weight (reference data-frame column {@code weights}, default 1.0)
	 */
	public Sample(int[] dims, double[] spacing, float[] image, byte[] labels, String name, boolean annotated, double weight) {
		if (dims.length != 3 || Arrays.stream(dims).anyMatch(d -> d < 1)) {
			throw new IllegalArgumentException("dims must be 3 positive sizes [X, Y, Z], got " + Arrays.toString(dims));
		}
		long n = (long) dims[0] * dims[1] * dims[2];
		if (image.length != n) {
			throw new IllegalArgumentException("image has " + image.length + " values, dims " + Arrays.toString(dims) + " need " + n);
		}
		if (labels != null && labels.length != n) {
			throw new IllegalArgumentException("labels have " + labels.length + " values, dims need " + n);
		}
		if (spacing.length != 3) throw new IllegalArgumentException("spacing needs 3 values, got " + spacing.length);
		if (!(weight >= 0) || Double.isInfinite(weight)) {
			throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
		}
		this.dims = dims.clone();
		this.spacing = spacing.clone();
		this.image = image;
		this.labels = labels;
		this.name = name;
		this.annotated = annotated && labels != null;
		this.weight = weight;
	}

	private volatile int[] annotatedSlices;

	/**
	 * The z indices of the slices that hold at least one annotated voxel (a label other than
	 * {@link #UNLABELLED}), or null when every voxel is annotated (or the subject has no labels).
	 */
	public int[] annotatedSlices() {
		int[] a = annotatedSlices;
		if (a == null && labels != null) {
			boolean[] any = new boolean[dims[2]];
			boolean sparse = false;
			for (int i = 0; i < labels.length; i++) {
				if ((labels[i] & 0xFF) == UNLABELLED) sparse = true;
				else any[i % dims[2]] = true;
			}
			a = sparse ? java.util.stream.IntStream.range(0, dims[2]).filter(z -> any[z]).toArray() : new int[] {-1};
			annotatedSlices = a;
		}
		return a == null || (a.length == 1 && a[0] == -1) ? null : a.clone();
	}

	/** A copy whose labels keep only the z slices listed (the others become {@link #UNLABELLED}); the labels are copied, not changed. */
	public Sample keepingSlices(int[] zs) {
		if (labels == null) return this;
		boolean[] keep = new boolean[dims[2]];
		for (int z : zs) {
			if (z < 0 || z >= dims[2])
				throw new IllegalArgumentException("slice " + z + " is outside [0, " + (dims[2] - 1) + "] of " + name);
			keep[z] = true;
		}
		byte[] l = labels.clone();
		for (int i = 0; i < l.length; i++) if (!keep[i % dims[2]]) l[i] = (byte) UNLABELLED;
		return new Sample(dims, spacing, image, l, name, annotated, weight);
	}

	/** An annotated (if labels are given) subject with unit spacing and weight 1. */
	public static Sample of(String name, int[] dims, float[] image, byte[] labels) {
		return new Sample(dims, new double[] {1, 1, 1}, image, labels, name, labels != null, 1.0);
	}

	/** A copy with another {@code annotated} flag (labels are kept, only their use changes). */
	public Sample withAnnotated(boolean a) {
		return new Sample(dims, spacing, image, labels, name, a, weight);
	}

	/** A copy with another sampling weight. */
	public Sample withWeight(double w) {
		return new Sample(dims, spacing, image, labels, name, annotated, w);
	}

	public int[] dims() { return dims.clone(); }

	public int dim(int axis) { return dims[axis]; }

	public double[] spacing() { return spacing.clone(); }

	public float[] image() { return image; }

	/** The labels, or null. */
	public byte[] labels() { return labels; }

	public String name() { return name; }

	public boolean annotated() { return annotated; }

	public double weight() { return weight; }

	public int size() { return image.length; }

	/** Flat index of voxel {@code (x, y, z)}. */
	public int index(int x, int y, int z) {
		return (x * dims[1] + y) * dims[2] + z;
	}
}
