package io.github.punetfiji.train.views;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the teacher-sized crops of a subject lie. The crop size is the patch size clipped to the
 * volume ({@code min(patch, dims)} per axis; the views are reflect-padded back later); a 2D preset
 * (patch depth 1) therefore samples single slices of a 3D volume, a 3D preset sub-volumes.
 *
 * <ul>
 *   <li>{@code classWeights == null} (the reference): MONAI {@code RandSpatialCropSamplesd(random_center=
 *       True, random_size=False)} — the crop's corner is uniform over all valid positions.</li>
 *   <li>{@code classWeights} given: like MONAI {@code RandCropByLabelClassesd(ratios=classWeights)} — a
 *       class present in the subject's labels is drawn with probability proportional to its weight, then
 *       a uniform voxel of that class, and the crop is centred on it (shifted to stay inside). Subjects
 *       without usable labels fall back to uniform crops.</li>
 * </ul>
 *
 * <p>NB: the reference never weights crops by class (every subject has weight 1.0 and crops are
 * uniform; its class ratios only set the focal loss's {@code additive_alpha}). The class-weighted mode
 * is an option for sparse or rare labels; it is off unless weights are given.
 *
 * <p>Thread-safe; per-subject class statistics are computed once and cached.
 */
public final class CropSampler {
	/** Classes rarer than 1/RARE of the voxels keep an index list; others are found by rejection. */
	private static final int RARE = 16;

	private final int[] patch;
	private final double[] classWeights;
	private final Map<Sample, ClassIndex> cache = new ConcurrentHashMap<>();

	/**
	 * @param patch teacher patch size {@code [X, Y, Z]}
	 * @param classWeights weight per class value (index = class), or null for uniform crops
	 */
	public CropSampler(int[] patch, double[] classWeights) {
		if (patch.length != 3 || Arrays.stream(patch).anyMatch(p -> p < 1)) {
			throw new IllegalArgumentException("patch must be 3 positive sizes, got " + Arrays.toString(patch));
		}
		if (classWeights != null && Arrays.stream(classWeights).anyMatch(w -> !(w >= 0) || Double.isInfinite(w))) {
			throw new IllegalArgumentException("class weights must be finite and >= 0: " + Arrays.toString(classWeights));
		}
		this.patch = patch.clone();
		this.classWeights = classWeights == null ? null : classWeights.clone();
	}

	/** {@code min(patch, dims)} per axis. */
	public int[] cropSize(Sample s) {
		int[] c = new int[3];
		for (int d = 0; d < 3; d++) c[d] = Math.min(patch[d], s.dim(d));
		return c;
	}

	/** The centred crop's origin (deterministic; validation). */
	public int[] centreOrigin(Sample s) {
		int[] size = cropSize(s), o = new int[3];
		for (int d = 0; d < 3; d++) o[d] = (s.dim(d) - size[d]) / 2;
		return o;
	}

	/**
	 * A random crop origin (the crop is {@link #cropSize}). A sparsely annotated subject's crop always holds
	 * one of its annotated slices (drawn uniformly), so that no crop is all unlabelled.
	 */
	public int[] sample(Sample s, SplittableRandom rng) {
		int[] size = cropSize(s), o = new int[3];
		int[] centre = classWeights == null ? null : sampleCentreVoxel(s, rng);
		for (int d = 0; d < 3; d++) {
			int free = s.dim(d) - size[d];
			o[d] = centre == null ? rng.nextInt(free + 1) : Math.max(0, Math.min(centre[d] - size[d] / 2, free));
		}
		int[] slices = s.annotated() && centre == null ? s.annotatedSlices() : null;
		if (slices != null && slices.length > 0) {
			int z = slices[rng.nextInt(slices.length)];
			o[2] = Math.max(0, Math.min(z - rng.nextInt(size[2]), s.dim(2) - size[2]));
		}
		return o;
	}

	/** The voxel {@code (x, y, z)} a class-weighted crop is centred on, or null if none is drawn. */
	int[] sampleCentreVoxel(Sample s, SplittableRandom rng) {
		if (classWeights == null || !s.annotated()) return null;
		ClassIndex ci = cache.computeIfAbsent(s, ClassIndex::new);
		double total = 0;
		for (int c = 0; c < classWeights.length && c < 256; c++) if (ci.counts[c] > 0) total += classWeights[c];
		if (!(total > 0)) return null;
		double u = rng.nextDouble() * total;
		int cls = -1;
		for (int c = 0; c < classWeights.length && c < 256; c++) {
			if (ci.counts[c] == 0 || classWeights[c] == 0) continue;
			cls = c;
			if ((u -= classWeights[c]) < 0) break;
		}
		int i = ci.voxelOf(cls, s.labels(), rng);
		int yz = s.dim(1) * s.dim(2);
		return new int[] {i / yz, (i / s.dim(2)) % s.dim(1), i % s.dim(2)};
	}

	/** Voxel counts per class and index lists of the rare classes of one subject. */
	private static final class ClassIndex {
		final long[] counts = new long[256];
		final int[][] rare = new int[256][];

		ClassIndex(Sample s) {
			byte[] l = s.labels();
			for (byte b : l) counts[b & 0xFF]++;
			int[] fill = new int[256];
			for (int c = 0; c < 256; c++) if (counts[c] > 0 && counts[c] * RARE < l.length) rare[c] = new int[(int) counts[c]];
			for (int i = 0; i < l.length; i++) {
				int c = l[i] & 0xFF;
				if (rare[c] != null) rare[c][fill[c]++] = i;
			}
		}

		/** A uniform voxel of class {@code c} (which is present). */
		int voxelOf(int c, byte[] labels, SplittableRandom rng) {
			if (rare[c] != null) return rare[c][rng.nextInt(rare[c].length)];
			while (true) { // frequent class: at most RARE tries expected
				int i = rng.nextInt(labels.length);
				if ((labels[i] & 0xFF) == c) return i;
			}
		}
	}
}
