package io.github.punetfiji.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator at a reduced grid (80×80×24 voxels of 3×3×6 mm) so that the tests stay fast. */
class SyntheticAbdomenTest {
	private static final int NX = 80, NY = 80, NZ = 24;
	private static final long SEED = 2024;
	private static final SyntheticAbdomen GEN = new SyntheticAbdomen(NX, NY, NZ);
	private static final List<SyntheticSubject> SUBJECTS = new ArrayList<>();

	@BeforeAll
	static void generate() {
		for (int i = 0; i < 4; i++) SUBJECTS.add(GEN.generate(SEED, i));
	}

	@Test
	void sameSeedSameSubjectOtherSeedOtherSubject() {
		SyntheticSubject a = SUBJECTS.get(0), again = GEN.generate(SEED, 0);
		assertArrayEquals(a.ct(), again.ct());
		assertArrayEquals(a.labels(), again.labels());
		SyntheticSubject otherSeed = GEN.generate(SEED + 1, 0);
		assertFalse(Arrays.equals(a.ct(), otherSeed.ct()));
		assertFalse(Arrays.equals(a.labels(), otherSeed.labels()));
		assertFalse(Arrays.equals(a.labels(), SUBJECTS.get(1).labels()), "subjects of one seed differ");
	}

	@Test
	void shapeSpacingAndNames() {
		SyntheticSubject s = SUBJECTS.get(2);
		assertEquals("synth_002", s.name());
		assertArrayEquals(new int[] {NX, NY, NZ}, s.dims());
		assertArrayEquals(new double[] {3, 3, 6}, s.spacing(), 1e-12);
		assertEquals(NX * NY * NZ, s.ct().length);
		assertEquals(NX * NY * NZ, s.labels().length);
		assertArrayEquals(new double[] {1.5, 1.5, 3}, new SyntheticAbdomen().spacing(), 1e-12);
		assertEquals(9, SyntheticAbdomen.CLASS_NAMES.size());
	}

	@Test
	void everyClassIsPresentWithAPlausibleVolume() {
		// ml ranges for a small (child-sized) body in a 240×240×144 mm field of view
		double[][] ml = {{}, {150, 900}, {20, 300}, {25, 200}, {25, 200}, {10, 120}, {15, 400}, {60, 300}, {8, 100}};
		double voxelMl = 3 * 3 * 6 / 1000.0;
		for (SyntheticSubject s : SUBJECTS) {
			long[] n = counts(s);
			for (int c = 1; c < ml.length; c++) {
				double v = n[c] * voxelMl;
				assertTrue(v >= ml[c][0] && v <= ml[c][1], s.name() + " " + SyntheticAbdomen.CLASS_NAMES.get(c) + ": " + v + " ml");
			}
			assertTrue(n[0] > s.ct().length / 2, "mostly background");
		}
	}

	@Test
	void interiorIntensitiesArePlausiblePerClass() {
		// 2nd and 98th percentile of voxels whose six neighbours share their label, in HU
		int[][] range = {{}, {0, 160}, {-20, 140}, {-40, 260}, {-40, 260}, {120, 300}, {-1024, 150}, {60, 1100}, {-100, 150}};
		for (SyntheticSubject s : SUBJECTS) {
			for (int c = 1; c < range.length; c++) {
				int[] v = interior(s, c);
				if (v.length < 20) continue; // a thin organ at this coarse grid
				Arrays.sort(v);
				int lo = v[v.length * 2 / 100], hi = v[v.length * 98 / 100];
				String what = s.name() + " " + SyntheticAbdomen.CLASS_NAMES.get(c) + " [" + lo + ", " + hi + "]";
				assertTrue(lo >= range[c][0] && hi <= range[c][1], what);
			}
		}
	}

	@Test
	void stomachHoldsGasAndSoftTissue() {
		for (SyntheticSubject s : SUBJECTS) {
			int gas = 0, soft = 0;
			for (int v = 0; v < s.ct().length; v++) {
				if (s.labels()[v] != 6) continue;
				if (s.ct()[v] < -500) gas++;
				else if (s.ct()[v] > -100) soft++;
			}
			assertTrue(gas > 0 && soft > 0, s.name() + ": gas " + gas + ", soft " + soft);
		}
	}

	@Test
	void liverAndSpleenShareTheMeanButNotTextureOrPosition() {
		double sumDiff = 0;
		for (SyntheticSubject s : SUBJECTS) {
			double liver = mean(interior(s, 1)), spleen = mean(interior(s, 2));
			assertEquals(liver, spleen, 5, s.name() + " interior means");
			sumDiff += liver - spleen;
			// texture: the spleen is mottled on a larger scale (neighbours 6 mm apart correlate), the liver is not
			double cl = lagCorrelation(s, 1, 2), cs = lagCorrelation(s, 2, 2);
			assertTrue(cs > cl + 0.15, s.name() + ": spleen " + cs + " vs liver " + cl);
			// position: liver on the patient's right (low x), spleen on the left
			assertTrue(centroidX(s, 2) - centroidX(s, 1) > 50 / 3.0, s.name() + " centroids");
		}
		assertEquals(0, sumDiff / SUBJECTS.size(), 2.5, "mean difference over subjects");
	}

	@Test
	void labelsAgreeWithTheImage() {
		for (SyntheticSubject s : SUBJECTS) {
			short[] ct = s.ct();
			byte[] lab = s.labels();
			int edge = 0;
			for (int z = 0; z < NZ; z++) {
				for (int y = 1; y < NY - 1; y++) {
					for (int x = 1; x < NX - 1; x++) {
						int v = s.index(x, y, z);
						assertTrue(lab[v] >= 0 && lab[v] < 9);
						boolean outside = ct[v] == -1000 && ct[v - 1] == -1000 && ct[v + 1] == -1000 && ct[v - NX] == -1000
								&& ct[v + NX] == -1000;
						if (outside) assertEquals(0, lab[v], s.name() + " air at " + x + "," + y + "," + z);
						// a voxel is at least half its label's tissue (ties go to the foreground): bounded mixtures
						if (lab[v] == 7) assertTrue(ct[v] > -150, "vertebra voxel at " + ct[v] + " HU");
						if (lab[v] == 5) assertTrue(ct[v] > -450, "aorta voxel at " + ct[v] + " HU");
						if (lab[v] == 1 || lab[v] == 2) assertTrue(ct[v] > -500 && ct[v] < 600, "liver/spleen voxel at " + ct[v] + " HU");
						// partial volume at the skin: between air and fat
						if (ct[v] > -900 && ct[v] < -200 && (ct[v - 1] == -1000 || ct[v + 1] == -1000)) edge++;
					}
				}
			}
			assertTrue(edge > 50, s.name() + ": partial-volume skin voxels " + edge);
			assertTrue(ct[0] == -1000 && lab[0] == 0, "corner is air");
		}
	}

	@Test
	void organsComeAndGoAlongZ() {
		for (SyntheticSubject s : SUBJECTS) {
			long[] bottom = countsInSlices(s, 0, 3), upper = countsInSlices(s, NZ * 3 / 5, NZ * 4 / 5), top = countsInSlices(s, NZ - 2, NZ);
			assertEquals(0, top[3] + top[4], s.name() + ": no kidney in the top slices");
			assertTrue(bottom[1] + bottom[2] + bottom[6] < upper[1] + upper[2] + upper[6], s.name() + ": liver, spleen, stomach are high");
			assertTrue(bottom[7] > 0 && top[7] > 0, s.name() + ": the spine runs through");
		}
	}

	private static long[] counts(SyntheticSubject s) {
		return countsInSlices(s, 0, NZ);
	}

	private static long[] countsInSlices(SyntheticSubject s, int z0, int z1) {
		long[] n = new long[9];
		for (int v = z0 * NX * NY; v < z1 * NX * NY; v++) n[s.labels()[v]]++;
		return n;
	}

	/** HU of the voxels of class {@code c} whose six neighbours have the same label. */
	private static int[] interior(SyntheticSubject s, int c) {
		byte[] l = s.labels();
		int[] out = new int[l.length];
		int k = 0;
		for (int z = 1; z < NZ - 1; z++) {
			for (int y = 1; y < NY - 1; y++) {
				for (int x = 1; x < NX - 1; x++) {
					int v = s.index(x, y, z);
					if (l[v] == c && l[v - 1] == c && l[v + 1] == c && l[v - NX] == c && l[v + NX] == c && l[v - NX * NY] == c
							&& l[v + NX * NY] == c) {
						out[k++] = s.ct()[v];
					}
				}
			}
		}
		return Arrays.copyOf(out, k);
	}

	private static double mean(int[] v) {
		return Arrays.stream(v).average().orElse(Double.NaN);
	}

	/** Correlation of interior voxels of class c with their neighbour {@code lag} voxels along x. */
	private static double lagCorrelation(SyntheticSubject s, int c, int lag) {
		double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
		int n = 0;
		byte[] l = s.labels();
		for (int z = 1; z < NZ - 1; z++) {
			for (int y = 1; y < NY - 1; y++) {
				for (int x = 1; x + lag < NX - 1; x++) {
					int v = s.index(x, y, z), w = v + lag;
					if (l[v] != c || l[w] != c || l[v - NX] != c || l[v + NX] != c || l[w - NX] != c || l[w + NX] != c) continue;
					double a = s.ct()[v], b = s.ct()[w];
					sx += a;
					sy += b;
					sxx += a * a;
					syy += b * b;
					sxy += a * b;
					n++;
				}
			}
		}
		double cov = sxy / n - sx / n * sy / n;
		return cov / Math.sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
	}

	private static double centroidX(SyntheticSubject s, int c) {
		double sum = 0;
		long n = 0;
		for (int v = 0; v < s.labels().length; v++) {
			if (s.labels()[v] == c) {
				sum += v % NX;
				n++;
			}
		}
		return sum / n;
	}
}
