package io.github.punetfiji.infer;

import io.github.punetfiji.PunetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.imglib2.Cursor;
import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Dice and HD95 of a predicted label image against a reference, per class.
 *
 * <ul>
 * <li>Dice: {@code 2|P ∩ R| / (|P| + |R|)}; 1 when both are empty, 0 when one is.</li>
 * <li>HD95, in mm (MONAI's {@code compute_hausdorff_distance(percentile=95)}): surface voxels are the
 * voxels of a mask with a 6-neighbour outside it (outside the image counts as outside: a mask ^ its
 * binary erosion); the distance of each predicted surface voxel to the nearest reference surface voxel
 * (an exact Euclidean distance transform with the voxel spacing), and the other way round; HD95 is the
 * larger of the two directed 95th percentiles (NumPy's linear interpolation). NaN when either mask is
 * empty (MONAI: NaN or ∞ with a warning).</li>
 * </ul>
 * Work per class is bounded by the bounding box of the two masks.
 */
public final class SegmentationMetrics {
	/** One class's scores. */
	public record Score(int label, double dice, double hd95) {}

	private SegmentationMetrics() {}

	/**
	 * @param prediction label image (integer values)
	 * @param reference label image of the same size
	 * @param spacing voxel spacing in mm {@code [x, y, z]}
	 * @param labels the label values to score
	 */
	public static List<Score> score(RandomAccessibleInterval<? extends RealType<?>> prediction,
			RandomAccessibleInterval<? extends RealType<?>> reference, double[] spacing, int[] labels) {
		return score(prediction, reference, spacing, labels, true);
	}

	/**
	 * {@link #score(RandomAccessibleInterval, RandomAccessibleInterval, double[], int[])}, with HD95 only
	 * when {@code hd95} (otherwise NaN: the distance transforms are the slow part).
	 */
	public static List<Score> score(RandomAccessibleInterval<? extends RealType<?>> prediction,
			RandomAccessibleInterval<? extends RealType<?>> reference, double[] spacing, int[] labels, boolean hd95) {
		int n = labels.length;
		long[][] lo = new long[n][3], hi = new long[n][3];
		List<Overlap> counts = count(prediction, reference, labels, lo, hi);
		List<Score> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Overlap c = counts.get(i);
			double hd = !hd95 || c.predicted() == 0 || c.reference() == 0
					? Double.NaN
					: hd95(prediction, reference, labels[i], new FinalInterval(lo[i], hi[i]), spacing);
			out.add(new Score(labels[i], c.dice(), hd));
		}
		return out;
	}

	/**
	 * The voxel counts behind each class's Dice: predicted, in the reference, in both. Counts of several
	 * images add up ({@link Overlap#plus}) to one Dice over all their voxels.
	 */
	public static List<Overlap> overlaps(RandomAccessibleInterval<? extends RealType<?>> prediction,
			RandomAccessibleInterval<? extends RealType<?>> reference, int[] labels) {
		return count(prediction, reference, labels, new long[labels.length][3], new long[labels.length][3]);
	}

	/** One class's voxel counts: {@code predicted} (|P|), {@code reference} (|R|) and {@code both} (|P ∩ R|). */
	public record Overlap(int label, long predicted, long reference, long both) {
		/** {@code 2|P ∩ R| / (|P| + |R|)}; 1 when both are empty. */
		public double dice() {
			return predicted + reference == 0 ? 1 : 2.0 * both / (predicted + reference);
		}

		/** The counts of this class over two images together. */
		public Overlap plus(Overlap o) {
			if (o.label != label) throw new IllegalArgumentException("counts of label " + label + " and " + o.label);
			return new Overlap(label, predicted + o.predicted, reference + o.reference, both + o.both);
		}
	}

	/** Counts per label and fills each label's bounding box (of both masks) into {@code lo}/{@code hi}. */
	private static List<Overlap> count(RandomAccessibleInterval<? extends RealType<?>> prediction,
			RandomAccessibleInterval<? extends RealType<?>> reference, int[] labels, long[][] lo, long[][] hi) {
		long[] dims = prediction.dimensionsAsLongArray();
		if (!Arrays.equals(dims, reference.dimensionsAsLongArray())) {
			throw new PunetException("prediction " + Arrays.toString(dims) + " and reference "
					+ Arrays.toString(reference.dimensionsAsLongArray()) + " differ in size");
		}
		if (dims.length != 3) throw new IllegalArgumentException("label images need [x, y, z]");
		Map<Integer, Integer> index = new HashMap<>();
		for (int i = 0; i < labels.length; i++) index.put(labels[i], i);
		int n = labels.length;
		long[] np = new long[n], nr = new long[n], both = new long[n];
		for (long[] l : lo) Arrays.fill(l, Long.MAX_VALUE);
		for (long[] h : hi) Arrays.fill(h, -1);
		Cursor<? extends RealType<?>> cp = Views.flatIterable(prediction).cursor();
		Cursor<? extends RealType<?>> cr = Views.flatIterable(reference).cursor();
		long[] pos = new long[3];
		while (cp.hasNext()) {
			int p = (int) Math.round(cp.next().getRealDouble());
			int r = (int) Math.round(cr.next().getRealDouble());
			Integer ip = index.get(p), ir = index.get(r);
			if (ip != null) np[ip]++;
			if (ir != null) nr[ir]++;
			if (ip != null && p == r) both[ip]++;
			if (ip != null || ir != null) {
				cp.localize(pos);
				if (ip != null) grow(lo[ip], hi[ip], pos);
				if (ir != null) grow(lo[ir], hi[ir], pos);
			}
		}
		List<Overlap> out = new ArrayList<>();
		for (int i = 0; i < n; i++) out.add(new Overlap(labels[i], np[i], nr[i], both[i]));
		return out;
	}

	private static void grow(long[] lo, long[] hi, long[] pos) {
		for (int d = 0; d < 3; d++) {
			lo[d] = Math.min(lo[d], pos[d]);
			hi[d] = Math.max(hi[d], pos[d]);
		}
	}

	private static double hd95(RandomAccessibleInterval<? extends RealType<?>> prediction,
			RandomAccessibleInterval<? extends RealType<?>> reference, int label, FinalInterval box, double[] spacing) {
		int[] dims = new int[3];
		for (int d = 0; d < 3; d++) dims[d] = Math.toIntExact(box.dimension(d));
		boolean[] p = surface(mask(prediction, box, label), dims);
		boolean[] r = surface(mask(reference, box, label), dims);
		return Math.max(percentile95(distancesAt(p, DistanceTransform.squared(r, dims, spacing))),
				percentile95(distancesAt(r, DistanceTransform.squared(p, dims, spacing))));
	}

	private static boolean[] mask(RandomAccessibleInterval<? extends RealType<?>> img, FinalInterval box, int label) {
		boolean[] m = new boolean[Math.toIntExact(net.imglib2.util.Intervals.numElements(box))];
		int i = 0;
		for (RealType<?> t : Views.flatIterable(Views.interval(img, box))) m[i++] = Math.round(t.getRealDouble()) == label;
		return m;
	}

	/** Mask voxels with a 6-neighbour outside the mask (or outside the box, which holds the whole mask). */
	static boolean[] surface(boolean[] m, int[] dims) {
		int nx = dims[0], ny = dims[1], nz = dims[2];
		boolean[] s = new boolean[m.length];
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) {
				for (int x = 0; x < nx; x++) {
					int i = x + nx * (y + ny * z);
					if (!m[i]) continue;
					s[i] = x == 0 || !m[i - 1] || x == nx - 1 || !m[i + 1] || y == 0 || !m[i - nx] || y == ny - 1 || !m[i + nx] || z == 0
							|| !m[i - nx * ny] || z == nz - 1 || !m[i + nx * ny];
				}
			}
		}
		return s;
	}

	private static double[] distancesAt(boolean[] at, double[] squared) {
		int n = 0;
		for (boolean b : at) if (b) n++;
		double[] d = new double[n];
		int j = 0;
		for (int i = 0; i < at.length; i++) if (at[i]) d[j++] = Math.sqrt(squared[i]);
		return d;
	}

	/** NumPy's {@code percentile(d, 95)} (linear interpolation between order statistics). */
	static double percentile95(double[] d) {
		Arrays.sort(d);
		double rank = 0.95 * (d.length - 1);
		int below = (int) Math.floor(rank);
		double lo = d[below];
		double hi = below + 1 < d.length ? d[below + 1] : lo;
		return lo + (rank - below) * (hi - lo);
	}
}
