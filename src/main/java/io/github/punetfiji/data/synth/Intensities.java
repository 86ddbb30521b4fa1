package io.github.punetfiji.data.synth;

/**
 * One subject's tissue intensities in Hounsfield units: a mean per tissue (several drawn per subject,
 * e.g. the contrast in the aorta), a texture amplitude and which correlated-noise field gives the
 * texture, plus the few tissues with structure below the label level: vessels in liver and lung, bowel
 * loops with gas in the intra-abdominal fat, fatty lobulation of the pancreas.
 *
 * <p>Liver and spleen share the same mean by construction ({@code parenchyma}); the liver has a fine
 * texture and a bright vessel network (offset so its mean stays the shared one), the spleen a coarse
 * mottled texture.
 */
final class Intensities {
	/** Texture fields: correlation lengths in mm. */
	static final double[] FIELD_SIGMA_MM = {1.0, 2.5, 5.0, 3.5, 8.0, 3.0};
	static final int FINE = 0, MEDIUM = 1, COARSE = 2, VESSEL = 3, BOWEL = 4, GAS = 5;

	/** E[ridge(N(0,1))]: the fraction of a vessel-network field that is vessel. */
	private static final double RIDGE_MEAN;

	static {
		double s = 0, w = 0;
		for (int i = -6000; i <= 6000; i++) {
			double x = i / 1000.0;
			double p = StrictMath.exp(-0.5 * x * x);
			s += p * ridge(x);
			w += p;
		}
		RIDGE_MEAN = s / w;
	}

	private final double[] mean = new double[Tissue.VALUES.length];
	private final double[] amp = new double[Tissue.VALUES.length];
	private final int[] field = new int[Tissue.VALUES.length];
	private final double[] shift = new double[Tissue.VALUES.length];
	private final double liverVessels, lungVessels, bowelMean, bowelGas, pancreasFat;
	final double noiseSigma, biasAmplitude;

	Intensities(Rng r) {
		double parenchyma = r.u(50, 70);
		double aorta = r.u(170, 250);
		double cortex = r.u(140, 185);
		set(Tissue.AIR, -1000, 0, FINE);
		set(Tissue.SUBCUT_FAT, r.u(-115, -95), 8, MEDIUM);
		set(Tissue.MUSCLE, r.u(40, 60), 8, MEDIUM);
		set(Tissue.VISCERAL, r.u(-105, -85), 8, MEDIUM);
		set(Tissue.LUNG, r.u(-880, -840), 20, FINE);
		set(Tissue.HEART, r.u(90, 140), 10, MEDIUM);
		set(Tissue.MEDIASTINUM, r.u(-100, -70), 10, MEDIUM);
		set(Tissue.ARTERY, aorta, 6, MEDIUM);
		set(Tissue.IVC, r.u(90, 140), 10, MEDIUM);
		set(Tissue.DISC, r.u(70, 100), 8, MEDIUM);
		set(Tissue.CANAL, r.u(10, 25), 5, MEDIUM);
		set(Tissue.RIB, r.u(350, 500), 60, FINE);
		set(Tissue.GALLBLADDER, r.u(0, 15), 3, MEDIUM);
		set(Tissue.LIVER, parenchyma, 6, FINE);
		set(Tissue.SPLEEN, parenchyma, 14, COARSE);
		double medulla = cortex - r.u(45, 75), pelvis = r.u(0, 20);
		set(Tissue.KIDNEY_L_CORTEX, cortex, 10, MEDIUM);
		set(Tissue.KIDNEY_R_CORTEX, cortex, 10, MEDIUM);
		set(Tissue.KIDNEY_L_MEDULLA, medulla, 10, MEDIUM);
		set(Tissue.KIDNEY_R_MEDULLA, medulla, 10, MEDIUM);
		set(Tissue.KIDNEY_L_PELVIS, pelvis, 4, MEDIUM);
		set(Tissue.KIDNEY_R_PELVIS, pelvis, 4, MEDIUM);
		set(Tissue.AORTA, aorta, 6, MEDIUM);
		set(Tissue.STOMACH_WALL, r.u(45, 75), 8, MEDIUM);
		set(Tissue.STOMACH_GAS, r.u(-960, -900), 10, MEDIUM);
		set(Tissue.STOMACH_CONTENT, r.u(0, 40), 25, COARSE);
		set(Tissue.BONE_CORTEX, r.u(650, 850), 60, FINE);
		set(Tissue.BONE_MARROW, r.u(170, 260), 40, FINE);
		set(Tissue.PANCREAS, r.u(35, 60), 12, MEDIUM);
		liverVessels = r.u(35, 60);
		lungVessels = r.u(400, 600);
		bowelMean = r.u(10, 40);
		bowelGas = r.u(1.5, 2.1);
		pancreasFat = r.u(1.3, 2.0);
		noiseSigma = r.u(10, 16);
		biasAmplitude = r.u(1.0, 2.0);
	}

	private void set(Tissue t, double m, double a, int f) {
		mean[t.ordinal()] = m;
		amp[t.ordinal()] = a;
		field[t.ordinal()] = f;
	}

	/**
	 * Shifts a tissue's intensities so that their mean over the samples it occupies is its nominal mean:
	 * a coarse texture over a small organ does not average to zero by itself.
	 *
	 * @param observed the mean of {@link #at} over the tissue's samples before the shift
	 */
	void recentre(Tissue t, double observed) {
		shift[t.ordinal()] += mean[t.ordinal()] - observed;
	}

	/**
	 * The intensity of tissue {@code t} at voxel {@code v} before partial-volume mixing, bias and noise.
	 *
	 * @param pos the anatomical position of the voxel (x, y, z in mm), for position-dependent mixtures
	 */
	double at(Tissue t, int v, float[][] f, double[] pos) {
		int i = t.ordinal();
		double base = mean[i] + shift[i] + amp[i] * f[field[i]][v];
		switch (t) {
			case LIVER:
				return base + liverVessels * (ridge(f[VESSEL][v]) - RIDGE_MEAN);
			case LUNG:
				return base + lungVessels * ridge(f[VESSEL][v]);
			case PANCREAS:
				return lerp(base, -70, 0.8 * smoothstep(pancreasFat, pancreasFat + 0.5, f[FINE][v]));
			case VISCERAL: {
				// small bowel: more loops low and anterior, fewer high and posterior
				double threshold = 0.02 * (pos[2] - 60) + 0.008 * pos[1] - 0.1;
				double loops = smoothstep(threshold - 0.2, threshold + 0.2, f[BOWEL][v]);
				if (loops == 0) return base;
				double bowel = bowelMean + 15 * f[MEDIUM][v];
				bowel = lerp(bowel, -880, smoothstep(bowelGas, bowelGas + 0.4, f[GAS][v]));
				return lerp(base, bowel, loops);
			}
			default:
				return base;
		}
	}

	/** 1 on the zero set of a field (a network of tubes), 0 away from it. */
	private static double ridge(double f) {
		return 1 - smoothstep(0.06, 0.16, Math.abs(f));
	}

	static double smoothstep(double lo, double hi, double x) {
		double t = Anatomy.clamp((x - lo) / (hi - lo), 0, 1);
		return t * t * (3 - 2 * t);
	}

	private static double lerp(double a, double b, double t) {
		return a + (b - a) * t;
	}
}
