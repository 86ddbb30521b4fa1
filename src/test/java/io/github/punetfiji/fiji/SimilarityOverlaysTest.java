package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatProcessor;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import java.util.Arrays;
import java.util.List;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

/** The similarity map on the image: heat colours on the embedded slices only, the point marked, a colour bar, the point's slice shown. */
class SimilarityOverlaysTest {
	private static final int W = 20, H = 16, D = 3;

	/** A 2D model's map: values on slice 1 only (1 at the point, -1 at (0, 0), 0 elsewhere), NaN on the other slices. */
	private static SimilarityResult map2d() {
		float[] v = new float[W * H * D];
		Arrays.fill(v, Float.NaN);
		for (int i = 0; i < W * H; i++) v[W * H + i] = 0;
		v[W * H + 4 * W + 3] = 1;
		v[W * H] = -1;
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(v, W, H, D);
		Volume<FloatType> map = new Volume<>(img, new double[] {1, 1, 2}, "ct_similarity", "ct_similarity", NiftiGeometry.UNKNOWN);
		return new SimilarityResult(map, "cpu", new long[] {0, 0, 1}, new int[] {W, H, 1}, new int[0], Intensity.CT);
	}

	private static ImagePlus image() {
		ImageStack s = new ImageStack(W, H);
		for (int z = 0; z < D; z++) s.addSlice(new FloatProcessor(W, H));
		return new ImagePlus("ct", s);
	}

	private static List<Roi> named(Overlay o, String prefix) {
		return Arrays.stream(o.toArray()).filter(r -> r.getName() != null && r.getName().startsWith(prefix)).toList();
	}

	@Test
	void theHeatMapLiesOnTheQueriedSliceWithThePointAndAColourBar() {
		ImagePlus ct = image();
		Overlay mine = new Overlay(new Roi(1, 1, 3, 3));
		ct.setOverlay(mine);
		SimilarityResult r = map2d();
		ImagePlus map = io.github.punetfiji.fiji.Images.toImagePlus(r.map());
		SimilarityOverlays.show(ct, r, new int[] {3, 4, 1}, map);
		SimilarityOverlays.show(ct, r, new int[] {3, 4, 1}, map); // NB: a second map replaces the first

		assertEquals(2, ct.getCurrentSlice(), "the image shows the queried slice");
		Overlay o = ct.getOverlay();
		assertEquals(1, named(o, "PUNet similarity z=").size(),
				"one heat map: the only slice the 2D model embedded; " + Arrays.toString(o.toArray()));
		ImageRoi heat = (ImageRoi) named(o, "PUNet similarity z=").get(0);
		assertEquals(2, heat.getPosition());
		int[] px = (int[]) heat.getProcessor().getPixels();
		assertEquals(0x800000, px[4 * W + 3] & 0xffffff, "similarity 1: dark red");
		assertEquals(0x000080, px[0] & 0xffffff, "similarity -1: dark blue");
		assertEquals(SimilarityOverlays.jet(0.5), px[1] & 0xffffff, "similarity 0: the middle of the map");
		PointRoi point = (PointRoi) named(o, "PUNet similarity point").get(0);
		assertEquals(3.5, point.getFloatPolygon().xpoints[0], 1e-6);
		assertEquals(4.5, point.getFloatPolygon().ypoints[0], 1e-6);
		assertEquals(2, point.getPosition());
		assertFalse(named(o, "PUNet similarity colour bar").isEmpty());
		assertTrue(Arrays.asList(o.toArray()).contains(mine.get(0)), "the user's own overlay stays");

		assertEquals(2, map.getCurrentSlice(), "the map opens at the queried slice, not a NaN one");
		assertEquals(-1, map.getDisplayRangeMin());
		assertEquals(1, map.getDisplayRangeMax());
		int top = map.getProcessor().getLut().getRGB(255) & 0xffffff;
		assertEquals(0x800000, top, "the map in the same heat colours");
		assertTrue(named(map.getOverlay(), "PUNet similarity point").size() == 1);
	}
}
