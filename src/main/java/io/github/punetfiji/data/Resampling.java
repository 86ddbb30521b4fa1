package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import java.util.Arrays;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Resampling to another voxel spacing and back: linear interpolation for images (the result is float32),
 * nearest neighbour for label images (the type and the value set are kept).
 *
 * <p>Grid convention (MONAI's {@code Spacing}: the origin is kept): the centre of voxel 0 stays in place,
 * so output voxel {@code j} samples input position {@code j * spacingOut / spacingIn}; positions past the
 * last voxel take the edge value. Output size per axis is {@code max(1, round(dims * spacingIn /
 * spacingOut))}. A 2D volume ({@code z = 1}) stays 2D whatever the target z spacing.
 * {@link #toGridOf} maps a result back onto its input's grid (to write a prediction in the input's own
 * dimensions).
 */
public final class Resampling {
	private Resampling() {}

	/** Output dimensions for a spacing change: {@code max(1, round(dims[d] * in[d] / out[d]))}. */
	public static long[] targetDims(long[] dims, double[] spacingIn, double[] spacingOut) {
		long[] out = new long[dims.length];
		for (int d = 0; d < dims.length; d++) out[d] = Math.max(1, Math.round(dims[d] * spacingIn[d] / spacingOut[d]));
		return out;
	}

	/** The volume resampled to {@code spacing} (mm); geometry adjusted so it stays in the same space. */
	@SuppressWarnings({"rawtypes", "unchecked"})
	public static Volume<?> toSpacing(Volume<?> v, double[] spacing, boolean label) {
		double[] in = v.spacing();
		double[] out = spacing.clone();
		if (out.length != 3 || !(out[0] > 0 && out[1] > 0 && out[2] > 0) || !Double.isFinite(out[0] + out[1] + out[2])) {
			throw new PunetException("target spacing " + Arrays.toString(spacing) + " must be 3 positive values in mm");
		}
		if (v.is2D()) out[2] = in[2];
		long[] dims = targetDims(v.dims(), in, out);
		double[] scale = new double[3];
		for (int d = 0; d < 3; d++) scale[d] = out[d] / in[d];
		RandomAccessibleInterval img = resample((RandomAccessibleInterval) v.image(), scale, dims, label);
		return new Volume(img, out, v.name(), v.source(), v.geometry().scaled(scale));
	}

	/**
	 * {@code v} (e.g. a prediction on a resampled grid) mapped onto the grid of {@code reference} (the
	 * original input): the result has the reference's dimensions, spacing and geometry, and v's name.
	 */
	@SuppressWarnings({"rawtypes", "unchecked"})
	public static Volume<?> toGridOf(Volume<?> v, Volume<?> reference, boolean label) {
		double[] scale = new double[3];
		for (int d = 0; d < 3; d++) scale[d] = reference.spacing()[d] / v.spacing()[d];
		if (v.is2D()) scale[2] = 1;
		RandomAccessibleInterval img = resample((RandomAccessibleInterval) v.image(), scale, reference.dims(), label);
		return reference.withImage(img, v.name());
	}

	/**
	 * Resamples: output voxel {@code j} along axis d samples input position {@code j * scale[d]}.
	 *
	 * @param nearest nearest neighbour (same type) instead of linear (float32)
	 */
	public static <T extends RealType<T> & NativeType<T>> Img<?> resample(RandomAccessibleInterval<T> image, double[] scale, long[] outDims,
			boolean nearest) {
		return nearest ? nearest(image, scale, outDims) : linear(image, scale, outDims);
	}

	/** Linear interpolation, one axis at a time (trilinear is separable). */
	public static ArrayImg<FloatType, ?> linear(RandomAccessibleInterval<? extends RealType<?>> image, double[] scale, long[] outDims) {
		long[] dims = image.dimensionsAsLongArray();
		float[] a = new float[Math.toIntExact(Views.flatIterable(image).size())];
		int i = 0;
		for (RealType<?> v : Views.flatIterable(image)) a[i++] = v.getRealFloat();
		for (int axis = 0; axis < dims.length; axis++) {
			if (dims[axis] == outDims[axis] && scale[axis] == 1) continue;
			a = pass(a, dims, axis, outDims[axis], scale[axis]);
			dims[axis] = outDims[axis];
		}
		return ArrayImgs.floats(a, dims);
	}

	private static float[] pass(float[] src, long[] dims, int axis, long nOutL, double scale) {
		int n = (int) dims[axis];
		int nOut = (int) nOutL;
		int inner = 1;
		for (int d = 0; d < axis; d++) inner *= (int) dims[d];
		int outer = 1;
		for (int d = axis + 1; d < dims.length; d++) outer *= (int) dims[d];
		int[] i0 = new int[nOut];
		int[] i1 = new int[nOut];
		float[] w = new float[nOut];
		for (int j = 0; j < nOut; j++) {
			double p = Math.min(Math.max(j * scale, 0), n - 1);
			i0[j] = (int) Math.floor(p);
			i1[j] = Math.min(i0[j] + 1, n - 1);
			w[j] = (float) (p - i0[j]);
		}
		float[] dst = new float[Math.multiplyExact(Math.multiplyExact(outer, nOut), inner)];
		for (int o = 0; o < outer; o++) {
			for (int j = 0; j < nOut; j++) {
				int s0 = (o * n + i0[j]) * inner;
				int s1 = (o * n + i1[j]) * inner;
				int t = (o * nOut + j) * inner;
				float wj = w[j];
				for (int k = 0; k < inner; k++) dst[t + k] = src[s0 + k] + wj * (src[s1 + k] - src[s0 + k]);
			}
		}
		return dst;
	}

	/** Nearest neighbour (input index {@code floor(j * scale + 0.5)}, clamped); keeps the voxel type. */
	public static <T extends NativeType<T>> ArrayImg<T, ?> nearest(RandomAccessibleInterval<T> image, double[] scale, long[] outDims) {
		int nd = image.numDimensions();
		long[] min = image.minAsLongArray();
		long[][] index = new long[nd][];
		for (int d = 0; d < nd; d++) {
			index[d] = new long[(int) outDims[d]];
			for (int j = 0; j < outDims[d]; j++) {
				index[d][j] = min[d] + Math.min(Math.max((long) Math.floor(j * scale[d] + 0.5), 0), image.dimension(d) - 1);
			}
		}
		ArrayImg<T, ?> out = new ArrayImgFactory<>(image.getType().createVariable()).create(outDims);
		RandomAccess<T> ra = image.randomAccess();
		Cursor<T> c = out.localizingCursor();
		long[] pos = new long[nd];
		while (c.hasNext()) {
			c.fwd();
			c.localize(pos);
			for (int d = 0; d < nd; d++) ra.setPosition(index[d][(int) pos[d]], d);
			c.get().set(ra.get());
		}
		return out;
	}

}
