package io.github.punetfiji.cli;

import io.github.punetfiji.data.InputNormalization;
import ij.process.ColorProcessor;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.io.AtomicFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The picture of a {@link SimilarityMap}: the z slice of the point, drawn as ImageJ shows it (x to the
 * right, y down), one pixel per voxel.
 *
 * <ul>
 * <li>Image: grey, windowed by the model's intensity normalisation ([-1, 1] → black…white; for
 * {@code none} the slice's own range).</li>
 * <li>Similarity: a "jet" colour map over [-1, 1], blended with opacity {@code 0.6 · (s + 1) / 2}, so
 * dissimilar voxels stay grey and the most similar ones are strongly coloured (as the reference's plots,
 * which fade the lower half out); NaN (outside the embedded region) is not coloured.</li>
 * <li>Marker: a magenta cross around the point, its centre pixel left free.</li>
 * </ul>
 * Drawn with ImageJ 1's {@link ColorProcessor} (no display needed).
 */
public final class SimilarityOverlay {
	private SimilarityOverlay() {}

	/** Renders the overlay of {@code map} on {@code image} at slice {@code point[2]}. */
	public static ColorProcessor render(Volume<?> image, Volume<FloatType> map, int[] point, Intensity intensity) {
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<? extends RealType<?>> img =
				(RandomAccessibleInterval<? extends RealType<?>>) (RandomAccessibleInterval<?>) image.image();
		int w = Math.toIntExact(img.dimension(0)), h = Math.toIntExact(img.dimension(1));
		float[] grey = slice(img, point[2], w, h);
		InputNormalization norm = InputNormalization.of(intensity, img);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < grey.length; i++) {
			grey[i] = norm.apply(grey[i]);
			lo = Math.min(lo, grey[i]);
			hi = Math.max(hi, grey[i]);
		}
		if (intensity != Intensity.NONE) {
			lo = -1;
			hi = 1;
		}
		float[] sim = slice(map.image(), point[2], w, h);
		ColorProcessor cp = new ColorProcessor(w, h);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++) {
			double g = hi > lo ? (grey[i] - lo) / (hi - lo) : 0.5;
			double r = g, gg = g, b = g;
			float s = sim[i];
			if (!Float.isNaN(s)) {
				double t = (Math.max(-1, Math.min(1, s)) + 1) / 2;
				double alpha = 0.6 * t;
				double[] c = jet(t);
				r = (1 - alpha) * g + alpha * c[0];
				gg = (1 - alpha) * g + alpha * c[1];
				b = (1 - alpha) * g + alpha * c[2];
			}
			px[i] = (byte8(r) << 16) | (byte8(gg) << 8) | byte8(b);
		}
		cp.setColor(Color.MAGENTA);
		int x = point[0], y = point[1], arm = Math.max(3, Math.min(w, h) / 32);
		cp.drawLine(x - 1 - arm, y, x - 2, y);
		cp.drawLine(x + 2, y, x + 1 + arm, y);
		cp.drawLine(x, y - 1 - arm, x, y - 2);
		cp.drawLine(x, y + 2, x, y + 1 + arm);
		return cp;
	}

	/** Writes the overlay as a PNG file, atomically. */
	public static void writePng(ColorProcessor cp, Path file) {
		BufferedImage bi = new BufferedImage(cp.getWidth(), cp.getHeight(), BufferedImage.TYPE_INT_RGB);
		bi.setRGB(0, 0, cp.getWidth(), cp.getHeight(), (int[]) cp.getPixels(), 0, cp.getWidth());
		AtomicFiles.write(file, out -> {
			if (!ImageIO.write(bi, "png", out)) throw new PunetException("no PNG writer in this Java runtime");
		});
	}

	private static float[] slice(RandomAccessibleInterval<? extends RealType<?>> img, int z, int w, int h) {
		float[] out = new float[w * h];
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		for (int y = 0; y < h; y++) {
			ra.setPosition(new long[] {0, y, z});
			for (int x = 0; x < w; x++) {
				out[y * w + x] = ra.get().getRealFloat();
				ra.fwd(0);
			}
		}
		return out;
	}

	/** Matplotlib-like "jet" at {@code t} in [0, 1]: dark blue, blue, cyan, yellow, red, dark red. */
	static double[] jet(double t) {
		return new double[] {ramp(t, 0.75), ramp(t, 0.5), ramp(t, 0.25)};
	}

	private static double ramp(double t, double centre) {
		return Math.max(0, Math.min(1, 1.5 - 4 * Math.abs(t - centre)));
	}

	private static int byte8(double v) {
		return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
	}
}
