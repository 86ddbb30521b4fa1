package io.github.punetfiji.data.synth;

import java.util.List;

/**
 * A deterministic generator of synthetic abdominal CT-like volumes with organ labels, the project's
 * sample data. A subject is a pure function of (seed, index, grid size): no global state, pure Java,
 * bit-identical on every platform.
 *
 * <p>The anatomy ({@link Anatomy}) is built from implicit shapes with per-subject random position, size,
 * rotation and smooth warps; tissues are classified on a grid twice as fine along every axis and
 * averaged (partial volume), labels are the majority of the eight samples of a voxel (ties go to the
 * foreground class with the lowest index). Textures are correlated noise of a different scale per organ,
 * then a slowly varying bias and Gaussian-like noise are added inside the body; air outside the body
 * stays at exactly -1000 HU. The field of view is fixed ({@link #FIELD_OF_VIEW_MM}); a smaller grid
 * gives the same anatomy at a coarser spacing (for tests).
 */
public final class SyntheticAbdomen {
	/** Default grid: 160×160×48 voxels of 1.5×1.5×3 mm. */
	public static final int[] DEFAULT_DIMS = {160, 160, 48};

	/** The physical extent of every volume in mm (x, y, z). */
	public static final double[] FIELD_OF_VIEW_MM = {240, 240, 144};

	/** Class names by label value (0 = background). */
	public static final List<String> CLASS_NAMES = List.of("background", "liver", "spleen", "kidney_left", "kidney_right", "aorta",
			"stomach", "vertebra", "pancreas");

	private final int nx, ny, nz;

	/** A generator for the default grid. */
	public SyntheticAbdomen() {
		this(DEFAULT_DIMS[0], DEFAULT_DIMS[1], DEFAULT_DIMS[2]);
	}

	/** A generator for an {@code nx×ny×nz} grid over the fixed field of view. */
	public SyntheticAbdomen(int nx, int ny, int nz) {
		if (nx < 8 || ny < 8 || nz < 2) throw new IllegalArgumentException("grid too small: " + nx + "x" + ny + "x" + nz);
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
	}

	/** Voxel size in mm. */
	public double[] spacing() {
		return new double[] {FIELD_OF_VIEW_MM[0] / nx, FIELD_OF_VIEW_MM[1] / ny, FIELD_OF_VIEW_MM[2] / nz};
	}

	/** The file stem of subject {@code index}: {@code synth_000}, {@code synth_001}, … */
	public static String subjectName(int index) {
		return String.format("synth_%03d", index);
	}

	/** Generates subject {@code index} of the data set with seed {@code seed}. */
	public SyntheticSubject generate(long seed, int index) {
		Rng r = new Rng(Rng.subjectSeed(seed, index));
		double[] sp = spacing();
		Anatomy anatomy = new Anatomy(r.split(), axis(nx, sp[0], 2), axis(ny, sp[1], 2), axis(nz, sp[2], 2), FIELD_OF_VIEW_MM);
		Intensities in = new Intensities(r.split());
		float[][] fields = new float[Intensities.FIELD_SIGMA_MM.length][];
		for (int i = 0; i < fields.length; i++) fields[i] = NoiseField.make(r.split(), nx, ny, nz, sp, Intensities.FIELD_SIGMA_MM[i]);
		Warp bias = new Warp(r.split(), 2, 300, 700, in.biasAmplitude, axis(nx, sp[0], 1), axis(ny, sp[1], 1), axis(nz, sp[2], 1));
		Rng noise = r.split();

		int n = nx * ny * nz;
		byte[] tissues = classify(anatomy);
		double[] pos = new double[3];
		// liver and spleen: the same mean by construction, whatever their textures average to
		for (Tissue t : new Tissue[] {Tissue.LIVER, Tissue.SPLEEN}) {
			double sum = 0;
			long count = 0;
			for (int i = 0; i < tissues.length; i++) {
				if (tissues[i] == t.ordinal()) {
					sum += in.at(t, i >> 3, fields, pos);
					count++;
				}
			}
			if (count > 0) in.recentre(t, sum / count);
		}

		short[] ct = new short[n];
		byte[] labels = new byte[n];
		int[] counts = new int[CLASS_NAMES.size()];
		double[] b = new double[3];
		int air = Tissue.AIR.ordinal();
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) {
				for (int x = 0; x < nx; x++) {
					int v = x + nx * (y + ny * z);
					boolean allAir = true;
					for (int k = 0; k < 8; k++) allAir &= tissues[8 * v + k] == air;
					if (allAir) {
						ct[v] = -1000;
						continue;
					}
					anatomy.position(2 * x + 1, 2 * y + 1, 2 * z + 1, pos);
					java.util.Arrays.fill(counts, 0);
					double sum = 0, last = 0;
					for (int k = 0; k < 8; k++) {
						int t = tissues[8 * v + k];
						if (k == 0 || t != tissues[8 * v + k - 1]) last = in.at(Tissue.VALUES[t], v, fields, pos);
						sum += last;
						counts[Tissue.VALUES[t].label]++;
					}
					b[0] = b[1] = b[2] = 0;
					bias.add(x, y, z, b);
					double hu = sum / 8 + b[0] + in.noiseSigma * noise.gauss();
					ct[v] = (short) Math.max(-1024, Math.min(3071, Math.round(hu)));
					labels[v] = (byte) majority(counts);
				}
			}
		}
		return new SyntheticSubject(subjectName(index), new int[] {nx, ny, nz}, sp, ct, labels);
	}

	/** The tissue ordinal of the eight samples of every voxel: {@code [8 * voxel + k]}. */
	private byte[] classify(Anatomy anatomy) {
		byte[] t = new byte[8 * nx * ny * nz];
		for (int z = 0, i = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) {
				for (int x = 0; x < nx; x++) {
					for (int k = 0; k < 8; k++, i++) {
						t[i] = (byte) anatomy.classify(2 * x + (k & 1), 2 * y + ((k >> 1) & 1), 2 * z + (k >> 2)).ordinal();
					}
				}
			}
		}
		return t;
	}

	/** The label with the most samples; ties go to the foreground, then to the lower index. */
	private static int majority(int[] counts) {
		int best = 0;
		for (int l = 1; l < counts.length; l++) {
			if (counts[l] > counts[best] || (best == 0 && counts[l] == counts[0] && counts[l] > 0)) best = l;
		}
		return best;
	}

	/** Sample coordinates (mm) along one axis with {@code sub} samples per voxel. */
	private static double[] axis(int n, double spacing, int sub) {
		double[] c = new double[n * sub];
		for (int i = 0; i < c.length; i++) c[i] = (i + 0.5) * spacing / sub;
		return c;
	}
}
