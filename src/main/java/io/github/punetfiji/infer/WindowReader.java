package io.github.punetfiji.infer;

import io.github.punetfiji.data.InputNormalization;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Copies one normalised window out of the input image into a float buffer in tensor order
 * ({@code buf[(x * Y + y) * Z + z]}, x = H, y = W, z = D). Window coordinates are those of the padded
 * image of a {@link WindowGrid}; voxels of the padding read 0 (the normalised padding value).
 */
final class WindowReader {
	private final RandomAccessibleInterval<? extends RealType<?>> image;
	private final InputNormalization norm;
	private final int[] pad;
	private final long[] dims;
	private final int[] window;

	WindowReader(RandomAccessibleInterval<? extends RealType<?>> image, InputNormalization norm, WindowGrid grid) {
		this.image = image;
		this.norm = norm;
		this.pad = grid.padBefore();
		this.dims = grid.dims();
		this.window = grid.window();
	}

	/** Fills {@code buf} from {@code offset} with the window starting at padded {@code (sx, sy, sz)}. */
	void read(int sx, int sy, int sz, float[] buf, int offset) {
		int wx = window[0], wy = window[1], wz = window[2];
		RandomAccess<? extends RealType<?>> ra = image.randomAccess();
		for (int z = 0; z < wz; z++) {
			long iz = (long) sz + z - pad[2];
			for (int y = 0; y < wy; y++) {
				long iy = (long) sy + y - pad[1];
				boolean rowInside = iz >= 0 && iz < dims[2] && iy >= 0 && iy < dims[1];
				long ix0 = (long) sx - pad[0];
				int x = 0;
				if (rowInside) {
					for (; x < wx && ix0 + x < 0; x++) buf[offset + (x * wy + y) * wz + z] = 0f;
					if (x < wx && ix0 + x < dims[0]) {
						ra.setPosition(new long[] {ix0 + x, iy, iz});
						for (; x < wx && ix0 + x < dims[0]; x++) {
							buf[offset + (x * wy + y) * wz + z] = norm.apply(ra.get().getRealDouble());
							ra.fwd(0);
						}
					}
				}
				for (; x < wx; x++) buf[offset + (x * wy + y) * wz + z] = 0f;
			}
		}
	}
}
