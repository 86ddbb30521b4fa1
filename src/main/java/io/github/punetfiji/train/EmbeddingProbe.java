package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.model.runtime.GradMode;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.train.views.Sample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a network's embeddings separate the classes, without training a head: the nearest-prototype
 * probe. Class prototypes are the mean normalised embeddings (the decoder output before the similarity
 * head) of the support subjects' voxels; every voxel of the query subjects is assigned to the prototype of
 * highest cosine similarity; the score is the balanced accuracy (mean per-class recall, background
 * included). 2D networks embed each z slice whole; 3D networks embed the volume in one piece.
 */
public final class EmbeddingProbe {
	/** Probe result: balanced accuracy, recall per class, voxels scored. */
	public record Result(double balancedAccuracy, Map<Integer, Double> recall, long voxels) {}

	private EmbeddingProbe() {}

	/**
	 * @param labelIndices the prompts the blocks see ({@code [out_channels]} 0/1)
	 * @param sliceStep use every n-th z slice (2D)
	 */
	public static Result run(PunetNetwork net, List<Sample> support, List<Sample> query, int[] labelIndices, int sliceStep) {
		int c = net.config().outChannels();
		int ch = net.config().hiddenChannels()[0];
		double[][] sums = new double[c][ch];
		long[] counts = new long[c];
		try (GradMode g = GradMode.off(); NDManager m = NDManager.newBaseManager()) {
			for (Sample s : support) {
				embed(net, m, s, labelIndices, sliceStep, (cls, e) -> {
					counts[cls]++;
					for (int k = 0; k < ch; k++) sums[cls][k] += e[k];
				});
			}
			double[][] protos = new double[c][];
			for (int k = 0; k < c; k++) protos[k] = counts[k] == 0 ? null : normalise(sums[k]);
			long[] hits = new long[c];
			long[] totals = new long[c];
			for (Sample s : query) {
				embed(net, m, s, labelIndices, sliceStep, (cls, e) -> {
					double best = Double.NEGATIVE_INFINITY;
					int arg = -1;
					for (int k = 0; k < c; k++) {
						if (protos[k] == null) continue;
						double d = 0;
						for (int j = 0; j < ch; j++) d += protos[k][j] * e[j];
						if (d > best) {
							best = d;
							arg = k;
						}
					}
					totals[cls]++;
					if (arg == cls) hits[cls]++;
				});
			}
			Map<Integer, Double> recall = new LinkedHashMap<>();
			double sum = 0;
			long voxels = 0;
			for (int k = 0; k < c; k++) {
				voxels += totals[k];
				if (totals[k] == 0 || protos[k] == null) continue;
				recall.put(k, hits[k] / (double) totals[k]);
				sum += recall.get(k);
			}
			return new Result(recall.isEmpty() ? Double.NaN : sum / recall.size(), recall, voxels);
		}
	}

	private interface Visitor {
		void voxel(int cls, double[] normalisedEmbedding);
	}

	private static void embed(PunetNetwork net, NDManager parent, Sample s, int[] li, int sliceStep, Visitor v) {
		int[] d = s.dims();
		boolean twoD = net.config().patchSizeStudents()[0][2] == 1;
		int ch = net.config().hiddenChannels()[0];
		for (int z0 = 0; z0 < d[2]; z0 += twoD ? sliceStep : d[2]) {
			int depth = twoD ? 1 : d[2];
			float[] img = new float[d[0] * d[1] * depth];
			for (int x = 0; x < d[0]; x++)
				for (int y = 0; y < d[1]; y++)
					for (int z = 0; z < depth; z++) img[(x * d[1] + y) * depth + z] = s.image()[s.index(x, y, z0 + z)];
			try (NDManager m = parent.newSubManager()) {
				NDArray in = m.create(img, new Shape(1, 1, d[0], d[1], depth));
				ParameterStore ps = new ParameterStore(m, false);
				NDArray e = net.forward(ps, in, new int[][] {li}, PunetNetwork.Mode.BOTH, false, false).embedded; // (1, C, h, w, dd)
				long[] es = e.getShape().getShape();
				float[] f = e.toFloatArray();
				int h = (int) es[2], w = (int) es[3], dd = (int) es[4];
				double sx = d[0] / (double) h, sy = d[1] / (double) w, sz = depth / (double) dd;
				double[] vec = new double[ch];
				for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) for (int k = 0; k < dd; k++) {
					int cls = s.labels()[s.index((int) (i * sx), (int) (j * sy), z0 + (int) (k * sz))] & 0xff;
					for (int q = 0; q < ch; q++) vec[q] = f[((q * h + i) * w + j) * dd + k];
					v.voxel(cls, normalise(vec));
				}
			}
		}
	}

	private static double[] normalise(double[] x) {
		double n = 0;
		for (double a : x) n += a * a;
		n = Math.max(Math.sqrt(n), 1e-12);
		double[] o = new double[x.length];
		for (int i = 0; i < x.length; i++) o[i] = x[i] / n;
		return o;
	}
}
