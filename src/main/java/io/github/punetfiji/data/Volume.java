package io.github.punetfiji.data;

import java.util.Arrays;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * An image with its voxel spacing, name and NIfTI orientation. Immutable (the pixels are not copied:
 * code that receives a volume must not write into its image).
 *
 * <p>The image always has three dimensions {@code [x, y, z]}; a 2D image has {@code z = 1} and z
 * spacing 1 (its {@link NiftiGeometry#ndim()} remembers whether a NIfTI file said 2D). Spacing is in
 * millimetres. Images are {@code float32} (or another real type); label images have an integer type.
 *
 * @param <T> the voxel type
 */
public final class Volume<T extends RealType<T> & NativeType<T>> {
	private final RandomAccessibleInterval<T> image;
	private final double[] spacing;
	private final String name;
	private final String source;
	private final NiftiGeometry geometry;

	/**
	 * @param image three dimensions {@code [x, y, z]}
	 * @param spacing 3 positive finite values, in mm
	 * @param name a short name (the file name without extension), used to name outputs
	 * @param source where it came from (the path as given), used in messages; may equal the name
	 * @param geometry the NIfTI orientation, {@link NiftiGeometry#UNKNOWN} if none
	 */
	public Volume(RandomAccessibleInterval<T> image, double[] spacing, String name, String source, NiftiGeometry geometry) {
		if (image.numDimensions() != 3) {
			throw new IllegalArgumentException("a volume needs 3 dimensions [x, y, z], got " + image.numDimensions());
		}
		if (spacing.length != 3) throw new IllegalArgumentException("spacing needs 3 values, got " + spacing.length);
		for (double s : spacing) {
			if (!(s > 0) || !Double.isFinite(s))
				throw new IllegalArgumentException("spacing must be positive, got " + Arrays.toString(spacing));
		}
		this.image = image;
		this.spacing = spacing.clone();
		this.name = name;
		this.source = source;
		this.geometry = geometry;
	}

	/** A volume without orientation whose source is its name. */
	public Volume(RandomAccessibleInterval<T> image, double[] spacing, String name) {
		this(image, spacing, name, name, NiftiGeometry.UNKNOWN);
	}

	public RandomAccessibleInterval<T> image() {
		return image;
	}

	/** Voxel spacing {@code [sx, sy, sz]} in mm (a copy). */
	public double[] spacing() {
		return spacing.clone();
	}

	public String name() {
		return name;
	}

	/** The file or folder this volume was read from, for messages. */
	public String source() {
		return source;
	}

	public NiftiGeometry geometry() {
		return geometry;
	}

	/** {@code [x, y, z]} sizes. */
	public long[] dims() {
		return image.dimensionsAsLongArray();
	}

	/** Whether the image is a single slice ({@code z = 1}). */
	public boolean is2D() {
		return image.dimension(2) == 1;
	}

	public VoxelType type() {
		return VoxelType.of(image.getType());
	}

	/**
	 * A volume with another image of the same dimensions in the same space (spacing, geometry, source),
	 * e.g. a prediction to be written beside its input.
	 *
	 * @throws IllegalArgumentException if the dimensions differ
	 */
	public <U extends RealType<U> & NativeType<U>> Volume<U> withImage(RandomAccessibleInterval<U> other, String newName) {
		if (!Arrays.equals(other.dimensionsAsLongArray(), dims())) {
			throw new IllegalArgumentException("image of size " + Arrays.toString(other.dimensionsAsLongArray())
					+ " does not match the volume's " + Arrays.toString(dims()));
		}
		return new Volume<>(other, spacing, newName, source, geometry);
	}

	/** {@link #withImage(RandomAccessibleInterval, String)} keeping the name. */
	public <U extends RealType<U> & NativeType<U>> Volume<U> withImage(RandomAccessibleInterval<U> other) {
		return withImage(other, name);
	}

	@Override
	public String toString() {
		return name + " " + Arrays.toString(dims()) + " " + type().label + " spacing " + Arrays.toString(spacing);
	}
}
