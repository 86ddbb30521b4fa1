package io.github.punetfiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

/** Dice and HD95 on hand-computed cases, and the distance transform against brute force. */
class SegmentationMetricsTest {
	static ArrayImg<UnsignedByteType, ?> img(int nx, int ny, int nz) {
		return ArrayImgs.unsignedBytes(nx, ny, nz);
	}

	static void box(ArrayImg<UnsignedByteType, ?> img, int value, int x0, int x1, int y0, int y1, int z0, int z1) {
		var ra = img.randomAccess();
		for (int x = x0; x < x1; x++) for (int y = y0; y < y1; y++) for (int z = z0; z < z1; z++) {
			ra.setPosition(new int[] {x, y, z});
			ra.get().set(value);
		}
	}

	@Test
	void twoCubesShiftedAlongX() {
		// reference [10,20)³, prediction shifted by 2 voxels in x: Dice 2·800/2000 = 0.8.
		// Directed surface distances (10×10×10 cube, 488 surface voxels): 288 × 0, 64 × 1, 136 × 2 → p95 = 2 voxels in x.
		ArrayImg<UnsignedByteType, ?> ref = img(32, 30, 28), pred = img(32, 30, 28);
		box(ref, 3, 10, 20, 10, 20, 10, 20);
		box(pred, 3, 12, 22, 10, 20, 10, 20);
		SegmentationMetrics.Score s = SegmentationMetrics.score(pred, ref, new double[] {1, 1, 1}, new int[] {3}).get(0);
		assertEquals(0.8, s.dice(), 1e-12);
		assertEquals(2.0, s.hd95(), 1e-12);
		// anisotropic: x spacing 0.5, y and z 2 mm: every nonzero distance is now 0.5 or 1 → 1 mm
		assertEquals(1.0, SegmentationMetrics.score(pred, ref, new double[] {0.5, 2, 2}, new int[] {3}).get(0).hd95(), 1e-12);
	}

	@Test
	void singleVoxelsGiveTheirEuclideanDistanceInMillimetres() {
		ArrayImg<UnsignedByteType, ?> ref = img(8, 9, 3), pred = img(8, 9, 3);
		box(pred, 1, 0, 1, 0, 1, 0, 1);
		box(ref, 1, 3, 4, 4, 5, 2, 3);
		SegmentationMetrics.Score s = SegmentationMetrics.score(pred, ref, new double[] {0.5, 2, 3}, new int[] {1}).get(0);
		assertEquals(0.0, s.dice());
		assertEquals(Math.sqrt(1.5 * 1.5 + 8 * 8 + 6 * 6), s.hd95(), 1e-12);
	}

	@Test
	void emptyMasksFollowTheDocumentedConventions() {
		ArrayImg<UnsignedByteType, ?> ref = img(6, 6, 2), pred = img(6, 6, 2);
		box(ref, 1, 1, 3, 1, 3, 0, 1);
		List<SegmentationMetrics.Score> s = SegmentationMetrics.score(pred, ref, new double[] {1, 1, 1}, new int[] {1, 2});
		assertEquals(0.0, s.get(0).dice());
		assertTrue(Double.isNaN(s.get(0).hd95()));
		assertEquals(1.0, s.get(1).dice(), "both empty");
		assertTrue(Double.isNaN(s.get(1).hd95()));
		SegmentationMetrics.Score same = SegmentationMetrics.score(ref, ref, new double[] {1, 1, 1}, new int[] {1}).get(0);
		assertEquals(1.0, same.dice());
		assertEquals(0.0, same.hd95());
	}

	@Test
	void distanceTransformIsExactWithAnisotropicSpacing() {
		Random r = new Random(5);
		int[] dims = {13, 9, 7};
		double[] sp = {0.7, 1.3, 2.9};
		boolean[] f = new boolean[13 * 9 * 7];
		for (int i = 0; i < f.length; i++) f[i] = r.nextDouble() < 0.02;
		double[] d = DistanceTransform.squared(f, dims, sp);
		for (int i = 0; i < f.length; i++) {
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < f.length; j++) {
				if (!f[j]) continue;
				double dx = (i % 13 - j % 13) * sp[0], dy = ((i / 13) % 9 - (j / 13) % 9) * sp[1], dz = (i / 117 - j / 117) * sp[2];
				best = Math.min(best, dx * dx + dy * dy + dz * dz);
			}
			assertEquals(best, d[i], 1e-9, "voxel " + i);
		}
		assertTrue(Double.isInfinite(DistanceTransform.squared(new boolean[8], new int[] {2, 2, 2}, sp)[0]));
	}

	@Test
	void hd95OfRandomBlobsMatchesBruteForce() {
		Random r = new Random(9);
		ArrayImg<UnsignedByteType, ?> ref = img(20, 18, 6), pred = img(20, 18, 6);
		box(ref, 2, 4, 14, 3, 12, 1, 5);
		box(pred, 2, 6, 17, 5, 15, 0, 4);
		for (int k = 0; k < 40; k++) box(pred, r.nextBoolean() ? 2 : 0, r.nextInt(20), 20, r.nextInt(18), 18, r.nextInt(6), 6);
		double[] sp = {0.8, 0.6, 3};
		double hd = SegmentationMetrics.score(pred, ref, sp, new int[] {2}).get(0).hd95();
		int[] dims = {20, 18, 6};
		boolean[] p = SegmentationMetrics.surface(mask(pred), dims), q = SegmentationMetrics.surface(mask(ref), dims);
		assertEquals(Math.max(brute(p, q, dims, sp), brute(q, p, dims, sp)), hd, 1e-9);
	}

	static boolean[] mask(ArrayImg<UnsignedByteType, ?> img) {
		boolean[] m = new boolean[(int) img.size()];
		int i = 0;
		for (UnsignedByteType t : img) m[i++] = t.get() == 2;
		return m;
	}

	static double brute(boolean[] from, boolean[] to, int[] d, double[] sp) {
		java.util.List<Double> ds = new java.util.ArrayList<>();
		for (int i = 0; i < from.length; i++) {
			if (!from[i]) continue;
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < to.length; j++) {
				if (!to[j]) continue;
				double dx = (i % d[0] - j % d[0]) * sp[0], dy = ((i / d[0]) % d[1] - (j / d[0]) % d[1]) * sp[1],
						dz = (i / (d[0] * d[1]) - j / (d[0] * d[1])) * sp[2];
				best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
			}
			ds.add(best);
		}
		return SegmentationMetrics.percentile95(ds.stream().mapToDouble(Double::doubleValue).toArray());
	}

	@Test
	void csvHasARowPerSubjectAndClassThenMeans() {
		MetricsTable t = new MetricsTable();
		t.add("a", List.of(new SegmentationMetrics.Score(1, 0.5, 2.0), new SegmentationMetrics.Score(2, 1.0, Double.NaN)));
		t.add("b", List.of(new SegmentationMetrics.Score(1, 0.7, 4.0), new SegmentationMetrics.Score(2, 0.0, Double.NaN)));
		assertEquals("subject,class,dice,hd95\n" + "a,1,0.500000,2.000000\na,2,1.000000,nan\nb,1,0.700000,4.000000\nb,2,0.000000,nan\n"
				+ "mean,1,0.600000,3.000000\nmean,2,0.500000,nan\nmean,all,0.550000,3.000000\n", t.csv());
		assertEquals(0.55, t.meanDice(), 1e-12);
		assertEquals(java.util.Map.of(1, 0.6, 2, 0.5).keySet(), t.meanDicePerClass().keySet());
		assertEquals(0.6, t.meanDicePerClass().get(1), 1e-12);
		assertTrue(
				io.github.punetfiji.io.Json.write(t.summary())
						.matches("\\{\"mean_dice\":0\\.5\\d*,\"per_class\":\\{\"1\":0\\.\\d+,\"2\":0\\.5}}"),
				io.github.punetfiji.io.Json.write(t.summary()));
	}
}
