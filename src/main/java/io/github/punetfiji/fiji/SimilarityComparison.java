package io.github.punetfiji.fiji;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.github.punetfiji.api.SimilarityResult;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The maps with and without prompts side by side, as in the paper's figures: one RGB image of two panels, each the query
 * point's slice of the image (grey, in its display range) under the heat map of one map ({@link SimilarityOverlays}'
 * colours and opacity), the point marked on both, each panel's title above it and the colour bar on the right panel.
 */
final class SimilarityComparison {
	/** The gap between the panels, and the height of the title strip, in pixels. */
	static final int GAP = 4;
	static final String NAME = "PUNet comparison";

	private SimilarityComparison() {}

	/** The two-panel image of {@code with} (left) and {@code without} (right) prompts at {@code point} (x, y, z from 0). */
	static ImagePlus montage(ImagePlus image, int[] point, SimilarityResult with, SimilarityResult without, String title) {
		int w = image.getWidth(), h = image.getHeight(), top = titleHeight(h);
		ImageProcessor slice = image.getStack().getProcessor(sliceIndex(image, point[2]));
		slice.setMinAndMax(image.getDisplayRangeMin(), image.getDisplayRangeMax());
		ColorProcessor grey = (ColorProcessor) slice.convertToRGB();
		ColorProcessor out = new ColorProcessor(2 * w + GAP, h + top);
		out.setColor(Color.BLACK);
		out.fill();
		out.insert(blend(grey, SimilarityOverlays.heat(with, point[2], w, h)), 0, top);
		out.insert(blend(grey, SimilarityOverlays.heat(without, point[2], w, h)), w + GAP, top);
		ImagePlus montage = new ImagePlus(title, out);
		Overlay o = new Overlay();
		String prompts = Arrays.stream(with.prompts()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
		o.add(title("with prompts (classes " + prompts + ")", 0, top));
		o.add(title("without prompts", w + GAP, top));
		for (int x0 : new int[] {0, w + GAP}) {
			PointRoi m = new PointRoi(x0 + point[0] + 0.5, top + point[1] + 0.5);
			m.setPointType(PointRoi.CROSSHAIR);
			m.setSize(3);
			m.setStrokeColor(Color.MAGENTA);
			m.setName(NAME + " point");
			o.add(m);
		}
		for (Roi roi : SimilarityOverlays.colourBar(w, h)) {
			roi.setLocation(roi.getXBase() + w + GAP, roi.getYBase() + top);
			o.add(roi);
		}
		montage.setOverlay(o);
		montage.setProperty("Info", "PUNet similarity at " + point[0] + "," + point[1] + "," + point[2] + " of " + image.getTitle()
				+ "\nleft: with prompts (classes " + prompts + ")\nright: without prompts\n");
		return montage;
	}

	/** The height of the title strip above panels of height {@code h}. */
	static int titleHeight(int h) {
		return Math.max(14, h / 12);
	}

	/** The image under the heat map: {@link SimilarityOverlays#OPACITY} of the heat where it has a colour, the image elsewhere. */
	private static ColorProcessor blend(ColorProcessor grey, ColorProcessor heat) {
		int[] g = (int[]) grey.getPixels(), c = (int[]) heat.getPixels(), out = new int[g.length];
		double a = SimilarityOverlays.OPACITY;
		for (int i = 0; i < g.length; i++) {
			if ((c[i] & 0xffffff) == 0) {
				out[i] = g[i] & 0xffffff;
				continue;
			}
			int rgb = 0;
			for (int shift = 16; shift >= 0; shift -= 8) {
				int v = (int) Math.round((1 - a) * ((g[i] >> shift) & 0xff) + a * ((c[i] >> shift) & 0xff));
				rgb |= v << shift;
			}
			out[i] = rgb;
		}
		return new ColorProcessor(grey.getWidth(), grey.getHeight(), out);
	}

	private static TextRoi title(String text, int x, int top) {
		TextRoi t = new TextRoi(x + 2, 0, text, new Font("SansSerif", Font.PLAIN, Math.max(9, top - 4)));
		t.setStrokeColor(Color.WHITE);
		t.setName(NAME + " title " + text);
		return t;
	}

	/** The stack index (from 1) of slice {@code z} (from 0) in the first channel and frame shown. */
	private static int sliceIndex(ImagePlus image, int z) {
		return image.isHyperStack() ? image.getStackIndex(image.getChannel(), z + 1, image.getFrame()) : z + 1;
	}
}
