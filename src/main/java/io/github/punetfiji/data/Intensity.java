package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import java.util.Locale;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Intensity normalisation to the network's input range (CLI flag {@code --intensity}). Always returns a
 * new float32 image; the input is never modified.
 * <ul>
 * <li>{@link #CT}: the window [-1000, 1000] (Hounsfield units) → [-1, 1], clamped — the reference's
 * {@code ScaleIntensityRanged(a_min=-1000, a_max=1000, b_min=-1, b_max=1, clip=True)};</li>
 * <li>{@link #PERCENTILE}: the 0.5–99.5 % percentile range (NumPy's linear interpolation) → [-1, 1],
 * clamped; if the two percentiles coincide, values below map to -1, equal to 0, above to 1;</li>
 * <li>{@link #NONE}: values unchanged (as float32).</li>
 * </ul>
 */
public enum Intensity {
	CT, PERCENTILE, NONE;

	/** The CLI name: {@code ct}, {@code percentile} or {@code none}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses a CLI name, refusing others with a message naming the value. */
	public static Intensity parse(String s) {
		for (Intensity i : values()) {
			if (i.label().equalsIgnoreCase(s.trim())) return i;
		}
		throw new PunetException("intensity normalisation '" + s + "' is not one of ct|percentile|none");
	}

	/** Normalises an image (which must hold finite values, see {@link #checkFinite}). */
	public ArrayImg<FloatType, ?> apply(RandomAccessibleInterval<? extends RealType<?>> image) {
		double lo;
		double hi;
		if (this == CT) {
			lo = -1000;
			hi = 1000;
		} else if (this == PERCENTILE) {
			double[] p = percentiles(image, 0.5, 99.5);
			lo = p[0];
			hi = p[1];
		} else {
			lo = Double.NaN;
			hi = Double.NaN;
		}
		ArrayImg<FloatType, ?> out = ArrayImgs.floats(image.dimensionsAsLongArray());
		Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
		for (FloatType o : out) {
			double v = c.next().getRealDouble();
			if (this == NONE) o.setReal(v);
			else if (hi > lo) o.setReal(Math.max(-1, Math.min(1, (v - lo) / (hi - lo) * 2 - 1)));
			else o.setReal(Math.signum(v - lo));
		}
		return out;
	}

	/** Checks for finite values, then normalises the volume's image; spacing and geometry are kept. */
	public Volume<FloatType> apply(Volume<?> volume) {
		checkFinite(volume.image(), volume.source());
		return volume.withImage(apply(volume.image()));
	}

	/**
	 * Refuses images holding NaN or infinite values.
	 *
	 * @param what the file, for the message
	 */
	public static void checkFinite(RandomAccessibleInterval<? extends RealType<?>> image, String what) {
		VoxelType t = VoxelType.of(image.getType());
		if (t.isInteger()) return;
		long nan = 0;
		long inf = 0;
		for (RealType<?> v : Views.flatIterable(image)) {
			double d = v.getRealDouble();
			if (Double.isNaN(d)) nan++;
			else if (Double.isInfinite(d)) inf++;
		}
		if (nan > 0)
			throw new PunetException(what + " contains NaN values (" + nan + " voxels); replace them (e.g. by the background value) first");
		if (inf > 0) throw new PunetException(what + " contains infinite values (" + inf + " voxels); replace them first");
	}

	/** {@code [min, max]} of the finite values, or {@code [NaN, NaN]} if there are none. */
	public static double[] range(RandomAccessibleInterval<? extends RealType<?>> image) {
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (RealType<?> v : Views.flatIterable(image)) {
			double d = v.getRealDouble();
			if (d < lo && d != Double.NEGATIVE_INFINITY) lo = d;
			if (d > hi && d != Double.POSITIVE_INFINITY) hi = d;
		}
		return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
	}

	/** Percentiles ({@code 0..100}) with NumPy's default linear interpolation between order statistics. */
	public static double[] percentiles(RandomAccessibleInterval<? extends RealType<?>> image, double... p) {
		float[] a = new float[Math.toIntExact(Views.flatIterable(image).size())];
		int i = 0;
		for (RealType<?> v : Views.flatIterable(image)) a[i++] = v.getRealFloat();
		double[] out = new double[p.length];
		for (int k = 0; k < p.length; k++) {
			double rank = p[k] / 100 * (a.length - 1);
			int below = (int) Math.floor(rank);
			double lo = Selection.select(a, below);
			double hi = below + 1 < a.length ? Selection.select(a, below + 1) : lo;
			out[k] = lo + (rank - below) * (hi - lo);
		}
		return out;
	}
}
