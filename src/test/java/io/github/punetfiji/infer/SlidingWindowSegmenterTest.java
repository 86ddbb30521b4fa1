package io.github.punetfiji.infer;

import io.github.punetfiji.Progress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

/** Sliding-window segmentation against direct forwards of the network. */
class SlidingWindowSegmenterTest {

	/** MONAI's sliding window, written the obvious way: every window forwarded alone, full-size sums. */
	static float[][] naive(InferenceModel model, Volume<?> v, int[] active, Blending blending, double overlap) {
		PunetConfig c = model.network().config();
		WindowGrid g = new WindowGrid(v.dims(), SlidingWindowSegmenter.windowSize(c), overlap);
		long[] p = g.padded();
		int px = (int) p[0], py = (int) p[1], pz = (int) p[2];
		int[] w = g.window();
		float[] norm = values(v.withImage(Intensity.CT.apply(v.image()))); // x fastest
		float[] imp = blending.importance(w);
		int k = active.length;
		float[][] sum = new float[k][px * py * pz];
		float[] wsum = new float[px * py * pz];
		int[] li = new int[c.outChannels()];
		for (int a : active) li[a] = 1;
		int[] pad = g.padBefore();
		long[] d = v.dims();
		for (int sx : g.starts(0)) for (int sy : g.starts(1)) for (int sz : g.starts(2)) {
			float[] in = new float[w[0] * w[1] * w[2]];
			for (int x = 0; x < w[0]; x++) for (int y = 0; y < w[1]; y++) for (int z = 0; z < w[2]; z++) {
				long ix = sx + x - pad[0], iy = sy + y - pad[1], iz = sz + z - pad[2];
				boolean inside = ix >= 0 && iy >= 0 && iz >= 0 && ix < d[0] && iy < d[1] && iz < d[2];
				in[(x * w[1] + y) * w[2] + z] = inside ? norm[(int) (ix + d[0] * (iy + d[1] * iz))] : 0f;
			}
			float[] out;
			try (NDManager m = model.manager().newSubManager()) {
				NDArray x = m.create(in, new Shape(1, 1, w[0], w[1], w[2]));
				out = model.network().forward(new ParameterStore(m, false), x, new int[][] {li}, PunetNetwork.Mode.BOTH, false, false).dense
						.toFloatArray();
			}
			int n = in.length;
			for (int x = 0; x < w[0]; x++) for (int y = 0; y < w[1]; y++) for (int z = 0; z < w[2]; z++) {
				int wi = (x * w[1] + y) * w[2] + z, o = (sx + x) + px * ((sy + y) + py * (sz + z));
				for (int kk = 0; kk < k; kk++) sum[kk][o] += out[kk * n + wi] * imp[wi];
				wsum[o] += imp[wi];
			}
		}
		// crop and normalise: result[k][x + X*(y + Y*z)] over the image
		float[][] res = new float[k][(int) (d[0] * d[1] * d[2])];
		for (int z = 0; z < d[2]; z++) for (int y = 0; y < d[1]; y++) for (int x = 0; x < d[0]; x++) {
			int o = (x + pad[0]) + px * ((y + pad[1]) + py * (z + pad[2]));
			for (int kk = 0; kk < k; kk++) res[kk][(int) (x + d[0] * (y + d[1] * z))] = sum[kk][o] / wsum[o];
		}
		return res;
	}

	static float[] softmaxChannel(float[][] v, int ch, int i) {
		double max = Double.NEGATIVE_INFINITY, s = 0;
		for (float[] a : v) max = Math.max(max, a[i]);
		for (float[] a : v) s += Math.exp(a[i] - max);
		return new float[] {(float) (Math.exp(v[ch][i] - max) / s)};
	}

	static float[] values(Volume<?> v) {
		float[] out = new float[(int) (v.dims()[0] * v.dims()[1] * v.dims()[2])];
		int i = 0;
		for (Object t : net.imglib2.view.Views.flatIterable(v.image())) out[i++] = ((RealType<?>) t).getRealFloat();
		return out;
	}

	private static void assertMatchesNaive(PunetConfig c, Volume<ShortType> v, Blending blending, double overlap, int batch) {
		try (NDManager m = NDManager.newBaseManager()) {
			InferenceModel model = TinyModels.model(c, m, 11);
			Segmentation s = new SlidingWindowSegmenter(model).segment(v, SegmentationSettings.defaults().withClasses(2)
					.withProbabilities(true).withBlending(blending).withOverlap(overlap).withBatchSize(batch));
			float[][] ref = naive(model, v, new int[] {0, 2}, blending, overlap);
			float[] p2 = values(s.probabilities().get(2));
			float[] p0 = values(s.probabilities().get(0));
			float[] labels = values(s.labels());
			float lo = 1, hi = 0;
			for (float x : p2) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
			assertTrue(hi - lo > 1e-3, "probabilities vary over the image");
			for (int i = 0; i < p2.length; i++) {
				float expected = softmaxChannel(ref, 1, i)[0];
				assertEquals(expected, p2[i], 2e-5, "voxel " + i);
				assertEquals(1 - expected, p0[i], 2e-5, "voxel " + i);
				if (Math.abs(expected - 0.5) > 1e-4) assertEquals(expected > 0.5 ? 2f : 0f, labels[i], "voxel " + i);
			}
		}
	}

	@Test
	void windowLargerThanTheImageIsOneForwardOfThePaddedImage() {
		Volume<ShortType> v = TinyModels.ct(20, 27, 1, 1);
		assertEquals(1, new WindowGrid(v.dims(), new int[] {32, 32, 1}, 0.5).count());
		assertMatchesNaive(TinyModels.tiny2d(), v, Blending.CONSTANT, 0.5, 4);
	}

	@Test
	void largerImagesBlendOverlappingWindowsSliceBySlice() {
		assertMatchesNaive(TinyModels.tiny2d(), TinyModels.ct(50, 37, 3, 2), Blending.GAUSSIAN, 0.5, 3);
	}

	@Test
	void threeDimensionalWindowsStreamThroughTheSlab() {
		// z: 7 slices, window 4, overlap 0.5 → starts 0, 2, 3; x padded from 30 to 32
		assertMatchesNaive(TinyModels.tiny3d(), TinyModels.ct(30, 40, 7, 3), Blending.CONSTANT, 0.5, 2);
		assertMatchesNaive(TinyModels.tiny3d(), TinyModels.ct(34, 33, 3, 4), Blending.GAUSSIAN, 0.25, 5);
	}

	@Test
	void passesOfOneClassEachCombineConsistently() {
		Volume<ShortType> v = TinyModels.ct(36, 33, 2, 5);
		try (NDManager m = NDManager.newBaseManager()) {
			SlidingWindowSegmenter seg = new SlidingWindowSegmenter(TinyModels.model(TinyModels.tiny2d(), m, 12));
			SegmentationSettings s = SegmentationSettings.defaults().withProbabilities(true);
			Segmentation all = seg.segment(v, s.withClasses(3, 1, 2));
			assertArrayEquals(new int[] {0, 1, 2, 3}, all.classes());
			float[][] p = new float[4][];
			for (int c = 1; c <= 3; c++) {
				p[c] = values(all.probabilities().get(c));
				assertArrayEquals(values(seg.segment(v, s.withClasses(c)).probabilities().get(c)), p[c], 1e-6f);
			}
			float[] bg = values(all.probabilities().get(0));
			float[] labels = values(all.labels());
			for (int i = 0; i < bg.length; i++) {
				float maxFg = Math.max(p[1][i], Math.max(p[2][i], p[3][i]));
				assertEquals(1 - maxFg, bg[i], 1e-6);
				int best = 0;
				float bestP = bg[i];
				for (int c = 1; c <= 3; c++) if (p[c][i] > bestP) { best = c; bestP = p[c][i]; }
				assertEquals(best, (int) labels[i]);
			}
		}
	}

	@Test
	void outputsKeepTheInputGeometryAndUseTheLabelValues() {
		Volume<ShortType> v = TinyModels.ct(33, 35, 2, 6);
		try (NDManager m = NDManager.newBaseManager()) {
			InferenceModel base = TinyModels.model(TinyModels.tiny2d(), m, 13);
			InferenceModel model = new InferenceModel(base.network(), m, new int[] {0, 10, 20, 300}, base.classNames(), Intensity.CT);
			Segmentation s = new SlidingWindowSegmenter(model).segment(v,
					SegmentationSettings.defaults().withClasses(1, 3).withProbabilities(true));
			assertArrayEquals(v.dims(), s.labels().dims());
			assertArrayEquals(v.spacing(), s.labels().spacing());
			assertSame(v.geometry(), s.labels().geometry());
			assertEquals("uint16", s.labels().type().label);
			for (float x : values(s.labels())) assertTrue(x == 0 || x == 10 || x == 300, "label value " + x);
			assertEquals(List.of(0, 1, 3), new ArrayList<>(s.probabilities().keySet()));
			assertSame(v.geometry(), s.probabilities().get(3).geometry());
			assertEquals("case6_prob_300", s.probabilities().get(3).name());
		}
	}

	@Test
	void progressIsReportedAndCancelStopsBetweenBatches() {
		Volume<ShortType> v = TinyModels.ct(40, 40, 3, 7);
		try (NDManager m = NDManager.newBaseManager()) {
			SlidingWindowSegmenter seg = new SlidingWindowSegmenter(TinyModels.model(TinyModels.tiny2d(), m, 14));
			List<Double> fractions = new ArrayList<>();
			seg.segment(v, SegmentationSettings.defaults().withClasses(1), new Progress((f, msg) -> fractions.add(f), () -> false));
			assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-12);
			AtomicInteger polls = new AtomicInteger();
			assertThrows(CancelledException.class, () -> seg.segment(v, SegmentationSettings.defaults().withClasses(1),
					Progress.cancelling(() -> polls.incrementAndGet() > 2)));
			assertEquals(3, polls.get());
		}
	}

	@Test
	void refusesNaNsAndUnknownClasses() {
		Volume<FloatType> v = new Volume<>(ArrayImgs.floats(new float[] {0, Float.NaN, 1, 2}, 2, 2, 1), new double[] {1, 1, 1}, "nan");
		try (NDManager m = NDManager.newBaseManager()) {
			SlidingWindowSegmenter seg = new SlidingWindowSegmenter(TinyModels.model(TinyModels.tiny2d(), m, 15));
			assertTrue(
					assertThrows(PunetException.class, () -> seg.segment(v, SegmentationSettings.defaults())).getMessage().contains("NaN"));
			Volume<ShortType> ok = TinyModels.ct(8, 8, 1, 1);
			assertThrows(PunetException.class, () -> seg.segment(ok, SegmentationSettings.defaults().withClasses(4)));
			assertThrows(PunetException.class, () -> seg.segment(ok, SegmentationSettings.defaults().withClasses(0)));
		}
	}

	static int at(Volume<?> v, long x, long y, long z) {
		RandomAccess<? extends RealType<?>> ra = ((net.imglib2.RandomAccessibleInterval<? extends RealType<?>>) v.image()).randomAccess();
		ra.setPosition(new long[] {x, y, z});
		return (int) ra.get().getRealDouble();
	}
}
