package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatProcessor;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live map's engine with a fake map: points asked for while a map computes are coalesced to the latest, one map at a
 * time, off the caller's thread; each map replaces the overlay; stopping frees the model once the map in progress ends and
 * shows nothing more.
 */
@Timeout(30)
class SimilarityExplorerTest {
	private static final int W = 12, H = 10, D = 3;

	/** A fake map: 1 at the point, 0 on the rest of its slice, NaN elsewhere. */
	private static SimilarityResult map(int[] p) {
		float[] v = new float[W * H * D];
		Arrays.fill(v, Float.NaN);
		for (int i = 0; i < W * H; i++) v[p[2] * W * H + i] = 0;
		v[p[2] * W * H + p[1] * W + p[0]] = 1;
		Volume<FloatType> map = new Volume<>(ArrayImgs.floats(v, W, H, D), new double[] {1, 1, 1}, "m", "m", NiftiGeometry.UNKNOWN);
		return new SimilarityResult(map, "cpu", new long[] {0, 0, p[2]}, new int[] {W, H, 1}, new int[0], Intensity.CT);
	}

	private static ImagePlus image() {
		ImageStack s = new ImageStack(W, H);
		for (int z = 0; z < D; z++) s.addSlice(new FloatProcessor(W, H));
		return new ImagePlus("ct", s);
	}

	private static List<Roi> named(ImagePlus imp, String name) {
		return Arrays.stream(imp.getOverlay().toArray()).filter(r -> r.getName() != null && r.getName().startsWith(name)).toList();
	}

	@Test
	void rapidPointsComputeOnlyTheLatestAndReplaceTheOverlay() throws Exception {
		ImagePlus ct = image();
		List<int[]> computed = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		AtomicInteger concurrent = new AtomicInteger(), most = new AtomicInteger();
		CountDownLatch firstStarted = new CountDownLatch(1), release = new CountDownLatch(1);
		AtomicBoolean freed = new AtomicBoolean();
		SimilarityExplorer<SimilarityResult> explorer = new SimilarityExplorer<>(p -> {
			most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
			computed.add(p);
			threads.add(Thread.currentThread().getName());
			firstStarted.countDown();
			try {
				release.await();
			} catch (InterruptedException e) {
				throw new AssertionError(e);
			}
			concurrent.decrementAndGet();
			return map(p);
		}, (p, r) -> SimilarityOverlays.show(ct, r, p, null), message -> {
			throw new AssertionError(message);
		}, () -> freed.set(true));

		explorer.request(new int[] {1, 1, 0});
		assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
		for (int x = 2; x < 10; x++) explorer.request(new int[] {x, 5, 2}); // NB: a drag while the first map computes
		release.countDown();
		assertTrue(explorer.awaitIdle(10_000));

		assertEquals(2, computed.size(), "the first point and the latest only");
		assertArrayEquals(new int[] {1, 1, 0}, computed.get(0));
		assertArrayEquals(new int[] {9, 5, 2}, computed.get(1));
		assertEquals(1, most.get(), "one map at a time");
		assertFalse(threads.contains(Thread.currentThread().getName()), "never on the caller's thread");
		List<Roi> points = named(ct, "PUNet similarity point");
		assertEquals(1, points.size(), "the overlay replaced, not added to");
		assertEquals(9.5, ((PointRoi) points.get(0)).getFloatPolygon().xpoints[0], 1e-6);
		assertEquals(3, ct.getCurrentSlice(), "the latest point's slice");
		assertEquals(1, named(ct, "PUNet similarity z=").size());
		assertEquals(3, named(ct, "PUNet similarity z=").get(0).getPosition());

		assertFalse(freed.get(), "the model stays loaded while the explorer runs");
		explorer.close();
		assertTrue(freed.get(), "stopping frees the model");
		explorer.request(new int[] {3, 3, 1});
		assertFalse(explorer.isBusy(), "nothing is computed after a stop");
		assertEquals(2, computed.size());
	}

	@RepeatedTest(20) // NB: a race between the stop and the map's end shows only now and then
	void aStopDuringAMapFreesTheModelWhenItEndsAndShowsNothing() throws Exception {
		CountDownLatch started = new CountDownLatch(1), release = new CountDownLatch(1);
		AtomicInteger shown = new AtomicInteger();
		AtomicBoolean freed = new AtomicBoolean();
		SimilarityExplorer<int[]> explorer = new SimilarityExplorer<>(p -> {
			started.countDown();
			try {
				release.await();
			} catch (InterruptedException e) {
				throw new AssertionError(e);
			}
			assertFalse(freed.get(), "the model is not freed under a running map");
			return p;
		}, (p, r) -> shown.incrementAndGet(), message -> {
			throw new AssertionError(message);
		}, () -> freed.set(true));
		explorer.request(new int[] {0, 0, 0});
		assertTrue(started.await(10, TimeUnit.SECONDS));
		explorer.request(new int[] {1, 0, 0});
		explorer.close(); // NB: as Esc on the event thread: returns at once
		assertFalse(freed.get());
		release.countDown();
		assertTrue(explorer.awaitIdle(10_000));
		assertTrue(freed.get(), "freed once the map ended");
		assertEquals(0, shown.get(), "a map finished after the stop is not shown");
	}

	@Test
	void aFailedMapIsOneMessageAndTheExplorerGoesOn() throws Exception {
		List<String> messages = new CopyOnWriteArrayList<>();
		List<int[]> shown = new CopyOnWriteArrayList<>();
		SimilarityExplorer<int[]> explorer = new SimilarityExplorer<>(p -> {
			if (p[0] < 0) throw new PunetException("--point " + p[0] + " lies outside the image");
			return p;
		}, (p, r) -> shown.add(r), messages::add, () -> {});
		explorer.request(new int[] {-1, 0, 0});
		assertTrue(explorer.awaitIdle(10_000));
		explorer.request(new int[] {2, 0, 0});
		assertTrue(explorer.awaitIdle(10_000));
		assertEquals(List.of("--point -1 lies outside the image"), messages);
		assertEquals(1, shown.size());
		explorer.close();
	}
}
