package io.github.punetfiji.fiji;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ColorProcessor;
import ij.process.LUT;
import io.github.punetfiji.api.SimilarityResult;
import java.awt.Color;
import java.awt.Font;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A similarity map shown as the paper's figures 3 and 4 show it: on the image itself, as an overlay of heat-map colours
 * ("jet" over [-1, 1], half transparent, nothing where the network did not embed), the query point marked with a cross,
 * and a colour bar; the image turns to the query point's slice. The map image keeps its values (for measuring) and gets
 * the same colours and the same slice. Overlays need no display: they are set in batch mode and headless too.
 */
final class SimilarityOverlays {
	/** The name of every overlay element this class adds; the next map replaces them. */
	static final String NAME = "PUNet similarity";
	/** The opacity of the heat map over the image. */
	static final double OPACITY = 0.5;

	private SimilarityOverlays() {}

	/**
	 * Puts the heat map of {@code r} on {@code image} (replacing an earlier one), marks {@code point} (x, y, z from 0) and
	 * shows its slice; colours {@code map} (the map as an image) alike.
	 */
	static void show(ImagePlus image, SimilarityResult r, int[] point, ImagePlus map) {
		Overlay overlay = image.getOverlay() == null ? new Overlay() : image.getOverlay();
		for (Roi roi : overlay.toArray()) if (roi.getName() != null && roi.getName().startsWith(NAME)) overlay.remove(roi);
		int w = image.getWidth(), h = image.getHeight();
		long z0 = r.regionStart()[2];
		for (long z = z0; z < z0 + r.regionSize()[2]; z++) {
			ImageRoi heat = new ImageRoi(0, 0, heat(r, (int) z, w, h));
			heat.setZeroTransparent(true);
			heat.setOpacity(OPACITY);
			heat.setName(NAME + " z=" + (z + 1));
			position(heat, image, (int) z + 1);
			overlay.add(heat);
		}
		PointRoi marker = new PointRoi(point[0] + 0.5, point[1] + 0.5);
		marker.setPointType(PointRoi.CROSSHAIR);
		marker.setSize(3);
		marker.setStrokeColor(Color.MAGENTA);
		marker.setName(NAME + " point");
		position(marker, image, point[2] + 1);
		overlay.add(marker);
		for (Roi roi : colourBar(w, h)) overlay.add(roi);
		image.setOverlay(overlay);
		showSlice(image, point[2] + 1);
		if (map != null) {
			map.setLut(lut());
			map.setDisplayRange(-1, 1);
			Overlay o = new Overlay();
			PointRoi m = (PointRoi) marker.clone();
			position(m, map, point[2] + 1);
			o.add(m);
			for (Roi roi : colourBar(w, h)) o.add(roi);
			map.setOverlay(o);
			showSlice(map, point[2] + 1);
		}
	}

	/** The heat colours of slice {@code z} of the map; black (transparent) where the map is NaN. */
	static ColorProcessor heat(SimilarityResult r, int z, int w, int h) {
		ColorProcessor cp = new ColorProcessor(w, h);
		int[] px = (int[]) cp.getPixels();
		RandomAccess<FloatType> ra = r.map().image().randomAccess();
		for (int y = 0; y < h; y++) {
			ra.setPosition(new long[] {0, y, z});
			for (int x = 0; x < w; x++) {
				float s = ra.get().get();
				if (!Float.isNaN(s)) px[y * w + x] = jet((Math.max(-1, Math.min(1, s)) + 1) / 2);
				ra.fwd(0);
			}
		}
		return cp;
	}

	/** A vertical colour bar from -1 (bottom) to 1 (top) at the right edge, with its labels; on every slice. */
	static Roi[] colourBar(int w, int h) {
		int barH = Math.max(16, h / 3), barW = Math.max(4, w / 40), x = w - barW - Math.max(2, w / 50), y = Math.max(2, h / 20);
		ColorProcessor cp = new ColorProcessor(barW, barH);
		for (int j = 0; j < barH; j++) {
			cp.setColor(new Color(jet(1 - j / (double) (barH - 1))));
			cp.drawLine(0, j, barW - 1, j);
		}
		ImageRoi bar = new ImageRoi(x, y, cp);
		bar.setName(NAME + " colour bar");
		Font font = new Font("SansSerif", Font.PLAIN, Math.max(9, h / 40));
		Roi[] rois = {bar, label("1", x, y, font, w), label("0", x, y + barH / 2, font, w), label("-1", x, y + barH, font, w)};
		return rois;
	}

	private static TextRoi label(String text, int barX, int y, Font font, int w) {
		TextRoi t = new TextRoi(0, 0, text, font);
		t.setLocation(Math.max(0, barX - t.getBounds().width - 2), Math.max(0, y - t.getBounds().height / 2));
		t.setStrokeColor(Color.WHITE);
		t.setName(NAME + " colour bar " + text);
		return t;
	}

	/** The colours of the heat map as a lookup table over the display range [-1, 1]. */
	static LUT lut() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			int c = jet(i / 255.0);
			r[i] = (byte) (c >> 16);
			g[i] = (byte) (c >> 8);
			b[i] = (byte) c;
		}
		return new LUT(r, g, b);
	}

	/** Matplotlib-like "jet" at {@code t} in [0, 1] as RGB: dark blue, blue, cyan, yellow, red, dark red (never black). */
	static int jet(double t) {
		return (byte8(ramp(t, 0.75)) << 16) | (byte8(ramp(t, 0.5)) << 8) | byte8(ramp(t, 0.25));
	}

	private static double ramp(double t, double centre) {
		return Math.max(0, Math.min(1, 1.5 - 4 * Math.abs(t - centre)));
	}

	private static int byte8(double v) {
		return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
	}

	/** Places {@code roi} on slice {@code z} (1-based) of {@code imp}, a plain stack or a hyperstack. */
	private static void position(Roi roi, ImagePlus imp, int z) {
		if (imp.isHyperStack()) roi.setPosition(0, z, 0);
		else roi.setPosition(z);
	}

	private static void showSlice(ImagePlus imp, int z) {
		if (imp.isHyperStack()) imp.setPosition(imp.getChannel(), z, imp.getFrame());
		else imp.setSlice(z);
	}
}
