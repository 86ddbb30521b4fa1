package io.github.punetfiji.fiji;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.LUT;
import io.github.punetfiji.data.Volume;
import java.awt.Color;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A segmented structure shown on the image it was segmented from: one translucent {@link ImageRoi} per slice that holds
 * it, in the class's colour, in the image's overlay. The image's pixels, its other overlay elements and the slice shown
 * stay as they were; an earlier overlay of the same structure is replaced.
 */
final class StructureOverlay {
	/** The opacity of the structure's colour. */
	static final double OPACITY = 0.45;

	private StructureOverlay() {}

	/** The overlay elements' name for {@code structure}. */
	static String name(String structure) {
		return "PUNet: " + structure;
	}

	/**
	 * Shows the non-zero voxels of {@code labels} (same size as {@code image}) on {@code image} as {@code structure} in the
	 * colour of class {@code classIndex}.
	 *
	 * @return how many slices hold the structure
	 */
	@SuppressWarnings("unchecked")
	static int show(ImagePlus image, Volume<?> labels, int classIndex, String structure) {
		int w = image.getWidth();
		int h = image.getHeight();
		int d = image.getStackSize();
		Overlay overlay = image.getOverlay() == null ? new Overlay() : image.getOverlay();
		String name = name(structure);
		for (Roi r : overlay.toArray()) if (name.equals(r.getName())) overlay.remove(r);
		LUT lut = lut(Images.classLut().getRGB(Math.min(255, Math.max(1, classIndex))));
		Cursor<? extends RealType<?>> c = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) labels.image()).cursor();
		int slices = 0;
		for (int z = 1; z <= d; z++) {
			byte[] px = new byte[w * h];
			boolean any = false;
			for (int i = 0; i < px.length; i++) {
				if (c.next().getRealDouble() != 0) {
					px[i] = 1;
					any = true;
				}
			}
			if (!any) continue;
			ByteProcessor bp = new ByteProcessor(w, h, px, lut);
			ImageRoi roi = new ImageRoi(0, 0, bp);
			roi.setZeroTransparent(true);
			roi.setOpacity(OPACITY);
			roi.setName(name);
			if (d > 1) {
				if (image.isHyperStack()) roi.setPosition(0, z, 0);
				else roi.setPosition(z);
			}
			overlay.add(roi);
			slices++;
		}
		image.setOverlay(overlay); // NB: redraws the slice shown; the current slice does not change
		image.setHideOverlay(false);
		return slices;
	}

	/** 0 transparent (with {@link ImageRoi#setZeroTransparent}), every other value {@code rgb}. */
	private static LUT lut(int rgb) {
		Color c = new Color(rgb);
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 1; i < 256; i++) {
			r[i] = (byte) c.getRed();
			g[i] = (byte) c.getGreen();
			b[i] = (byte) c.getBlue();
		}
		return new LUT(r, g, b);
	}
}
