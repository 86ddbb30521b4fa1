package io.github.punetfiji.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * ImgLib2 images ⇄ DJL float32 tensors of layout {@code [B, C, H, W, D]}.
 *
 * <p>Axis convention (as nibabel loads NIfTI in the Python reference): H, W, D are the image axes
 * x, y, z, so element {@code [b, c, h, w, d]} is the image value at {@code (x = h, y = w, z = d)}. In the
 * tensor's flat C-order buffer x is therefore the slowest and z the fastest axis — the transpose of
 * ImgLib2's flat order (x fastest), which is why every copy here converts explicitly. 2D images are
 * {@code D = 1}. Arrays are created in, and belong to, the caller's {@link NDManager}.
 */
public final class Tensors {
	private Tensors() {}

	/** One image as {@code [1, 1, H, W, D]}; a 2D image (2 dimensions) has {@code D = 1}. */
	public static NDArray toTensor(NDManager manager, RandomAccessibleInterval<? extends RealType<?>> image) {
		return toTensor(manager, List.of(image));
	}

	/** A batch of equally sized images (e.g. crops) as {@code [B, 1, H, W, D]}. */
	public static NDArray toTensor(NDManager manager, List<? extends RandomAccessibleInterval<? extends RealType<?>>> images) {
		if (images.isEmpty()) throw new IllegalArgumentException("no images");
		long[] dims = dims3(images.get(0));
		int n = Math.toIntExact(dims[0] * dims[1] * dims[2]);
		float[] all = new float[Math.multiplyExact(n, images.size())];
		for (int b = 0; b < images.size(); b++) {
			if (!Arrays.equals(dims3(images.get(b)), dims)) {
				throw new IllegalArgumentException(
						"image " + b + " has size " + Arrays.toString(dims3(images.get(b))) + ", expected " + Arrays.toString(dims));
			}
			copyToCOrder(images.get(b), dims, all, b * n);
		}
		return manager.create(all, new Shape(images.size(), 1, dims[0], dims[1], dims[2])); // (B, 1, H, W, D)
	}

	/** The values of an image in tensor order: {@code out[(x * Y + y) * Z + z]}. */
	public static float[] toCOrder(RandomAccessibleInterval<? extends RealType<?>> image) {
		long[] dims = dims3(image);
		float[] out = new float[Math.toIntExact(dims[0] * dims[1] * dims[2])];
		copyToCOrder(image, dims, out, 0);
		return out;
	}

	private static void copyToCOrder(RandomAccessibleInterval<? extends RealType<?>> image, long[] dims, float[] out, int offset) {
		int nx = (int) dims[0];
		int ny = (int) dims[1];
		int nz = (int) dims[2];
		Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor(); // x fastest, then y, then z
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) {
				for (int x = 0; x < nx; x++) {
					out[offset + (x * ny + y) * nz + z] = c.next().getRealFloat();
				}
			}
		}
	}

	/** An image from a tensor of shape {@code [H, W, D]}, {@code [1, H, W, D]} or {@code [1, 1, H, W, D]}. */
	public static ArrayImg<FloatType, ?> toImage(NDArray tensor) {
		Shape s = tensor.getShape();
		int lead = s.dimension() - 3;
		if (lead < 0 || lead > 2 || s.slice(0, lead).size() != 1) {
			throw new IllegalArgumentException("expected a single image [1, 1, H, W, D], got shape " + s);
		}
		return fromCOrder(floats(tensor), s.get(lead), s.get(lead + 1), s.get(lead + 2));
	}

	/** Image {@code (b, c)} of a {@code [B, C, H, W, D]} tensor. */
	public static ArrayImg<FloatType, ?> toImage(NDArray tensor, int b, int c) {
		if (tensor.getShape().dimension() != 5) throw new IllegalArgumentException("expected [B, C, H, W, D], got " + tensor.getShape());
		try (NDArray one = tensor.get(b, c)) { // (H, W, D)
			return toImage(one);
		}
	}

	/** Channel {@code c} of every batch element of a {@code [B, C, H, W, D]} tensor. */
	public static List<ArrayImg<FloatType, ?>> toImages(NDArray tensor, int c) {
		List<ArrayImg<FloatType, ?>> out = new ArrayList<>();
		for (int b = 0; b < tensor.getShape().get(0); b++) out.add(toImage(tensor, b, c));
		return out;
	}

	/** An image from tensor-order values ({@code values[(x * Y + y) * Z + z]}). */
	public static ArrayImg<FloatType, ?> fromCOrder(float[] values, long nx, long ny, long nz) {
		if (values.length != nx * ny * nz) throw new IllegalArgumentException(values.length + " values for " + nx + "×" + ny + "×" + nz);
		float[] flat = new float[values.length];
		int x1 = (int) nx;
		int y1 = (int) ny;
		int z1 = (int) nz;
		for (int x = 0; x < x1; x++) {
			for (int y = 0; y < y1; y++) {
				int src = (x * y1 + y) * z1;
				for (int z = 0; z < z1; z++) flat[x + x1 * (y + y1 * z)] = values[src + z];
			}
		}
		return ArrayImgs.floats(flat, nx, ny, nz);
	}

	private static float[] floats(NDArray a) {
		if (a.getDataType() == DataType.FLOAT32) return a.toFloatArray();
		try (NDArray f = a.toType(DataType.FLOAT32, false)) {
			return f.toFloatArray();
		}
	}

	private static long[] dims3(RandomAccessibleInterval<?> image) {
		int n = image.numDimensions();
		if (n != 2 && n != 3) throw new IllegalArgumentException("expected a 2D or 3D image, got " + n + "D");
		return new long[] {image.dimension(0), image.dimension(1), n == 3 ? image.dimension(2) : 1};
	}
}
