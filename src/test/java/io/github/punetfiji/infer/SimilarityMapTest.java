package io.github.punetfiji.infer;

import io.github.punetfiji.Progress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ij.process.ColorProcessor;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.cli.SimilarityOverlay;
import io.github.punetfiji.data.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SimilarityMap} and {@link SimilarityOverlay} on tiny random networks. */
class SimilarityMapTest {
	static NDManager manager;
	static InferenceModel flat, deep;

	@BeforeAll
	static void models() {
		manager = NDManager.newBaseManager();
		flat = TinyModels.model(TinyModels.tiny2d(), manager, 3);
		deep = TinyModels.model(TinyModels.tiny3d(), manager, 4);
	}

	@AfterAll
	static void close() {
		manager.close();
	}

	static float at(Volume<FloatType> map, long x, long y, long z) {
		RandomAccess<FloatType> ra = map.image().randomAccess();
		ra.setPosition(new long[] {x, y, z});
		return ra.get().get();
	}

	/** Checks the range, that NaN lies exactly outside the region, and the nearest-neighbour 2×2 blocks. */
	static void checkMap(SimilarityMap.Result r, long[] dims) {
		assertArrayEquals(dims, r.map().dims());
		for (long z = 0; z < dims[2]; z++) {
			for (long y = 0; y < dims[1]; y++) {
				for (long x = 0; x < dims[0]; x++) {
					float s = at(r.map(), x, y, z);
					if (!r.region().contains(x, y, z)) {
						assertTrue(Float.isNaN(s), "outside the region at " + x + "," + y + "," + z);
						continue;
					}
					assertTrue(s >= -1 && s <= 1, "similarity " + s + " at " + x + "," + y + "," + z);
					long lx = x - r.region().start()[0], ly = y - r.region().start()[1];
					if (lx % 2 == 1 && ly % 2 == 1 && x > 0 && y > 0)
						assertEquals(at(r.map(), x - 1, y - 1, z), s, "one embedding cell covers 2×2 voxels");
				}
			}
		}
	}

	@Test
	void aTwoDimensionalModelMapsTheWholeSliceOfThePoint() {
		Volume<?> image = TinyModels.ct(45, 37, 3, 1);
		int[] p = {20, 11, 1};
		SimilarityMap.Result r = new SimilarityMap(flat).compute(image, p, true, null, Progress.NONE);
		assertEquals(1f, at(r.map(), 20, 11, 1), 1e-5f);
		assertArrayEquals(new long[] {0, 0, 1}, r.region().start());
		assertArrayEquals(new int[] {45, 37, 1}, r.region().size());
		assertArrayEquals(new int[] {0, 1}, r.activeClasses(), "background and the first base class");
		assertEquals(image.spacing()[2], r.map().spacing()[2]);
		assertEquals(image.geometry(), r.map().geometry());
		checkMap(r, image.dims());
		assertTrue(at(r.map(), 0, 0, 1) < 1, "a random network does not embed every voxel alike");
	}

	@Test
	void promptsChangeTheEmbedding() {
		Volume<?> image = TinyModels.ct(32, 32, 1, 2);
		int[] p = {5, 30, 0};
		SimilarityMap m = new SimilarityMap(flat);
		SimilarityMap.Result self = m.compute(image, p, false, null, Progress.NONE);
		SimilarityMap.Result two = m.compute(image, p, true, new int[] {2}, Progress.NONE);
		assertEquals(0, self.activeClasses().length);
		assertArrayEquals(new int[] {0, 2}, two.activeClasses());
		assertEquals(1f, at(self.map(), 5, 30, 0), 1e-5f);
		assertEquals(1f, at(two.map(), 5, 30, 0), 1e-5f);
		checkMap(self, image.dims());
		boolean differ = false;
		for (int x = 0; x < 32 && !differ; x++) differ = Math.abs(at(self.map(), x, 3, 0) - at(two.map(), x, 3, 0)) > 1e-4;
		assertTrue(differ, "with and without prompts give the same map");
	}

	@Test
	void aThreeDimensionalModelMapsTheTeacherPatchAroundThePoint() {
		Volume<?> image = TinyModels.ct(48, 40, 6, 3);
		int[] p = {45, 3, 2};
		SimilarityMap.Result r = new SimilarityMap(deep).compute(image, p, true, new int[] {1, 3}, Progress.NONE);
		assertArrayEquals(new long[] {16, 0, 0}, r.region().start(), "centred on the point, moved inside the image");
		assertArrayEquals(new int[] {32, 32, 4}, r.region().size());
		assertArrayEquals(new int[] {0, 1, 3}, r.activeClasses());
		assertEquals(1f, at(r.map(), 45, 3, 2), 1e-5f);
		checkMap(r, image.dims());
	}

	@Test
	void anImageSmallerThanThePatchIsPadded() {
		Volume<?> image = TinyModels.ct(20, 18, 2, 4);
		SimilarityMap.Result r = new SimilarityMap(deep).compute(image, new int[] {19, 0, 1}, false, null, Progress.NONE);
		assertArrayEquals(new long[] {-6, -7, -1}, r.region().start());
		assertEquals(1f, at(r.map(), 19, 0, 1), 1e-5f);
		checkMap(r, image.dims());
		assertFalse(Float.isNaN(at(r.map(), 0, 17, 0)), "the whole image lies in the padded patch");
	}

	@Test
	void badPointsClassesAndCancelAreRefused() {
		Volume<?> image = TinyModels.ct(16, 16, 2, 5);
		SimilarityMap m = new SimilarityMap(flat);
		PunetException e = assertThrows(PunetException.class, () -> m.compute(image, new int[] {16, 0, 0}, true, null, Progress.NONE));
		assertEquals("--point 16,0,0 lies outside the image of 16×16×2 voxels; x, y, z must be in 0…15, 0…15, 0…1", e.getMessage());
		e = assertThrows(PunetException.class, () -> m.compute(image, new int[] {1, 1}, true, null, Progress.NONE));
		assertEquals("--point needs three voxel coordinates x,y,z, got 2", e.getMessage());
		e = assertThrows(PunetException.class, () -> m.compute(image, new int[] {1, 1, 0}, true, new int[] {7}, Progress.NONE));
		assertEquals("--label_indices: class 7 is not a class of the model; expected 0 … 3", e.getMessage());
		assertThrows(CancelledException.class, () -> m.compute(image, new int[] {1, 1, 0}, true, null, Progress.cancelling(() -> true)));
	}

	@Test
	void theOverlayShowsTheSliceWithAMarker(@TempDir Path tmp) throws Exception {
		Volume<?> image = TinyModels.ct(40, 30, 2, 6);
		int[] p = {12, 14, 1};
		SimilarityMap.Result r = new SimilarityMap(flat).compute(image, p, true, null, Progress.NONE);
		ColorProcessor cp = SimilarityOverlay.render(image, r.map(), p, Intensity.CT);
		assertEquals(40, cp.getWidth());
		assertEquals(30, cp.getHeight());
		assertEquals(0xFF00FF, cp.getPixel(12 + 3, 14) & 0xFFFFFF, "marker right of the point");
		int c = cp.getPixel(12, 14);
		int red = (c >> 16) & 0xFF, green = (c >> 8) & 0xFF, blue = c & 0xFF;
		assertTrue(red - green >= 70 && red - blue >= 70, "similarity 1 is drawn dark red over the grey: " + Integer.toHexString(c));
		Path png = tmp.resolve("o.png");
		SimilarityOverlay.writePng(cp, png);
		java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(png.toFile());
		assertEquals(40, back.getWidth());
		assertEquals(cp.getPixel(0, 0) & 0xFFFFFF, back.getRGB(0, 0) & 0xFFFFFF);
		try (var files = Files.list(tmp)) {
			assertEquals(1, files.count(), "no temporary file left");
		}
	}
}
