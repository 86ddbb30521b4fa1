package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.FloatProcessor;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import java.util.Arrays;
import java.util.List;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.Test;

/** The maps with and without prompts side by side: two panels of the image's size under one title strip, titled, the point on both. */
class SimilarityComparisonTest {
	private static final int W = 30, H = 20, D = 2;

	/** A map of {@code value} on slice 1, NaN on slice 0. */
	private static SimilarityResult map(float value, int[] prompts) {
		float[] v = new float[W * H * D];
		Arrays.fill(v, 0, W * H, Float.NaN);
		Arrays.fill(v, W * H, v.length, value);
		Volume<FloatType> map = new Volume<>(ArrayImgs.floats(v, W, H, D), new double[] {1, 1, 1}, "m", "m", NiftiGeometry.UNKNOWN);
		return new SimilarityResult(map, "cpu", new long[] {0, 0, 1}, new int[] {W, H, 1}, prompts, Intensity.CT);
	}

	@Test
	void twoTitledPanelsOfThePointsSlice() {
		ImageStack s = new ImageStack(W, H);
		for (int z = 0; z < D; z++) s.addSlice(new FloatProcessor(W, H));
		ImagePlus ct = new ImagePlus("ct", s);
		ct.setDisplayRange(0, 1);
		ImagePlus m = SimilarityComparison.montage(ct, new int[] {5, 6, 1}, map(1, new int[] {0, 1}), map(-1, new int[0]), "ct_cmp");

		int top = SimilarityComparison.titleHeight(H);
		assertEquals("ct_cmp", m.getTitle());
		assertEquals(2 * W + SimilarityComparison.GAP, m.getWidth());
		assertEquals(H + top, m.getHeight());
		assertEquals(ImagePlus.COLOR_RGB, m.getType());
		// NB: the image is black (0 in [0, 1]); half the heat colour: dark red (1) left, dark blue (-1) right
		assertEquals(0x400000, m.getProcessor().get(2, top + 2) & 0xffffff, "left: with prompts, similarity 1");
		assertEquals(0x000040, m.getProcessor().get(W + SimilarityComparison.GAP + 2, top + 2) & 0xffffff, "right: without, -1");
		List<String> titles = Arrays.stream(m.getOverlay().toArray()).filter(r -> r instanceof TextRoi && r.getName().contains("title"))
				.map(r -> ((TextRoi) r).getText().trim()).toList();
		assertEquals(List.of("with prompts (classes 0, 1)", "without prompts"), titles);
		List<Roi> points = Arrays.stream(m.getOverlay().toArray()).filter(r -> "PUNet comparison point".equals(r.getName())).toList();
		assertEquals(2, points.size());
		assertEquals(W + SimilarityComparison.GAP + 5.5, points.get(1).getFloatPolygon().xpoints[0], 1e-6);
		assertTrue(Arrays.stream(m.getOverlay().toArray()).anyMatch(r -> "PUNet similarity colour bar".equals(r.getName())));
	}
}
