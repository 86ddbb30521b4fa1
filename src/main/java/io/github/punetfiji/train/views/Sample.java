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
 * <p>Labels are unsigned bytes (classes 0–255). Arrays are shared, not copied: do not modify them
 * while a {@link ViewGenerator} uses the sample.
 */
public final class Sample {
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
	public Sample(int[] dims, double[] spacing, float[] image, byte[] labels, String name, boolean annotated,
		double weight)
	{
		if (dims.length != 3 || Arrays.stream(dims).anyMatch(d -> d < 1)) {
			throw new IllegalArgumentException("dims must be 3 positive sizes [X, Y, Z], got " + Arrays.toString(dims));
		}
		long n = (long) dims[0] * dims[1] * dims[2];
		if (image.length != n) {
			throw new IllegalArgumentException("image has " + image.length + " values, dims " + Arrays.toString(dims)
				+ " need " + n);
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
