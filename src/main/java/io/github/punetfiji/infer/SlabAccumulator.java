package io.github.punetfiji.infer;

import java.util.Arrays;
import java.util.List;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Blends window outputs over a slab one window deep in z, and turns every finished z slice into labels
 * and probabilities. Windows must arrive in ascending z start; once all windows of a z start are in,
 * the slices before the next z start are final ({@link #flushBefore}). Memory: {@code (P·K + 1)} floats
 * per voxel of the padded {@code X × Y × window z} slab, a ring indexed by {@code z mod window z}.
 *
 * <p>Per voxel: the blended value of each channel is {@code Σ w·v / Σ w} over the windows covering it
 * (w: the {@link Blending} importance). Each pass's K values go through a softmax (the training loss's
 * {@code log_softmax}); a class's probability is that of the pass owning it; the background probability
 * is the smallest background probability of all passes (background only where every pass says so).
 * The label is the class of largest probability, the lower class index on ties. With one pass this is
 * exactly softmax and argmax over the K channels. NB: the reference scatters raw similarities into
 * {@code out_channels} zero-filled channels before its argmax, so a voxel whose active similarities are
 * all negative goes to an inactive class there; here only the requested classes compete.
 */
final class SlabAccumulator {
	private final ClassPasses passes;
	private final WindowGrid grid;
	private final float[] importance;
	private final int px, py, wx, wy, wz, k, p;
	private final float[][] acc;
	private final float[] weight;
	private final int[][] ownedK;
	private final int[][] ownedOut;
	private final double[] labelValue;
	private final RandomAccessibleInterval<? extends RealType<?>> labels;
	private final List<? extends RandomAccessibleInterval<FloatType>> probabilities;

	/**
	 * @param labelValue the voxel value written for each output class ({@link ClassPasses#classes()} order)
	 * @param labels the label image to fill (input dimensions)
	 * @param probabilities one image per output class, or null
	 */
	SlabAccumulator(ClassPasses passes, WindowGrid grid, Blending blending, double[] labelValue,
			RandomAccessibleInterval<? extends RealType<?>> labels, List<? extends RandomAccessibleInterval<FloatType>> probabilities) {
		this.passes = passes;
		this.grid = grid;
		int[] w = grid.window();
		long[] padded = grid.padded();
		px = (int) padded[0];
		py = (int) padded[1];
		wx = w[0];
		wy = w[1];
		wz = w[2];
		k = passes.k();
		p = passes.passes();
		importance = blending.importance(w);
		acc = new float[p * k][Math.multiplyExact(Math.multiplyExact(px, py), wz)];
		weight = new float[acc[0].length];
		int[] classes = passes.classes();
		ownedK = new int[p][];
		ownedOut = new int[p][];
		for (int q = 0; q < p; q++) {
			int[] owned = passes.owned(q);
			int[] active = passes.active(q);
			ownedK[q] = new int[owned.length];
			ownedOut[q] = new int[owned.length];
			for (int j = 0; j < owned.length; j++) {
				ownedK[q][j] = Arrays.binarySearch(active, owned[j]);
				ownedOut[q][j] = Arrays.binarySearch(classes, owned[j]);
			}
		}
		this.labelValue = labelValue.clone();
		this.labels = labels;
		this.probabilities = probabilities;
	}

	/**
	 * Adds one window's output for one pass.
	 *
	 * @param dense the batch's dense output, tensor order {@code (B, C, wx, wy, wz)}
	 * @param b the batch element holding this window and pass
	 * @param pass the pass
	 * @param addWeight whether this call also adds the window's importance (once per window)
	 */
	void add(int sx, int sy, int sz, float[] dense, int b, int pass, boolean addWeight) {
		int c = passes.denseChannels();
		int n = wx * wy * wz;
		int[] ch = passes.channels(pass);
		for (int kk = 0; kk < k; kk++) {
			float[] a = acc[pass * k + kk];
			int src = (b * c + ch[kk]) * n;
			for (int x = 0; x < wx; x++) {
				for (int y = 0; y < wy; y++) {
					for (int z = 0; z < wz; z++) {
						int wi = (x * wy + y) * wz + z;
						a[index(sx + x, sy + y, sz + z)] += dense[src + wi] * importance[wi];
					}
				}
			}
		}
		if (!addWeight) return;
		for (int x = 0; x < wx; x++) {
			for (int y = 0; y < wy; y++) {
				for (int z = 0; z < wz; z++) weight[index(sx + x, sy + y, sz + z)] += importance[(x * wy + y) * wz + z];
			}
		}
	}

	private int index(int x, int y, int z) {
		return ((z % wz) * py + y) * px + x;
	}

	/** Finishes the padded slices {@code from ≤ z < to} (all windows covering them have been added). */
	void flushBefore(int from, int to) {
		for (int z = from; z < to; z++) flush(z);
	}

	private void flush(int zp) {
		int[] pad = grid.padBefore();
		long[] dims = grid.dims();
		long z = zp - pad[2];
		int slot = (zp % wz) * py * px;
		if (z >= 0 && z < dims[2]) {
			int nOut = labelValue.length;
			double[] v = new double[k];
			double[] prob = new double[nOut];
			RandomAccess<? extends RealType<?>> lr = labels.randomAccess();
			@SuppressWarnings("unchecked")
			RandomAccess<FloatType>[] pr = new RandomAccess[probabilities == null ? 0 : nOut];
			for (int i = 0; i < pr.length; i++) pr[i] = probabilities.get(i).randomAccess();
			for (long y = 0; y < dims[1]; y++) {
				long[] pos = {0, y, z};
				lr.setPosition(pos);
				for (RandomAccess<FloatType> r : pr) r.setPosition(pos);
				for (long x = 0; x < dims[0]; x++) {
					int i = slot + (int) (y + pad[1]) * px + (int) (x + pad[0]);
					probabilities(i, v, prob);
					int best = 0;
					for (int o = 1; o < nOut; o++) if (prob[o] > prob[best]) best = o;
					lr.get().setReal(labelValue[best]);
					lr.fwd(0);
					for (int o = 0; o < pr.length; o++) {
						pr[o].get().setReal(prob[o]);
						pr[o].fwd(0);
					}
				}
			}
		}
		for (float[] a : acc) Arrays.fill(a, slot, slot + py * px, 0f);
		Arrays.fill(weight, slot, slot + py * px, 0f);
	}

	/** The output classes' probabilities at ring index i, into {@code prob}. */
	private void probabilities(int i, double[] v, double[] prob) {
		double w = weight[i];
		double bg = 1;
		for (int q = 0; q < p; q++) {
			double max = Double.NEGATIVE_INFINITY;
			for (int kk = 0; kk < k; kk++) {
				v[kk] = acc[q * k + kk][i] / w;
				max = Math.max(max, v[kk]);
			}
			double sum = 0;
			for (int kk = 0; kk < k; kk++) {
				v[kk] = Math.exp(v[kk] - max);
				sum += v[kk];
			}
			bg = Math.min(bg, v[0] / sum);
			for (int j = 0; j < ownedK[q].length; j++) prob[ownedOut[q][j]] = v[ownedK[q][j]] / sum;
		}
		prob[0] = bg;
	}
}
