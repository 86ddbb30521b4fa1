package io.github.punetfiji.fiji;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.AnnotationTuneRequest;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.util.Arrays;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * A user's annotation of one structure as the sparse annotation of {@link AnnotationTuneRequest}: 1 inside the structure, 0
 * outside it on an annotated slice, 255 on the slices nobody annotated. From area ROIs (a slice with a ROI is annotated:
 * inside = the structure, outside = background) or from a label image (0 = background, 255 = not annotated, any other
 * value = the structure; a slice is annotated when it holds the structure). Slices named as "without the structure" are
 * annotated as all background. Slices are ImageJ's slice numbers, from 1.
 */
final class Annotations {
	private static final int UNLABELLED = AnnotationTuneRequest.UNLABELLED;

	private Annotations() {}

	/** The ROIs of the ROI Manager (in a macro, the batch-mode one). */
	static Roi[] roiManagerRois() {
		if (GraphicsEnvironment.isHeadless()) {
			throw new PunetException(
					"no label image given, and headless ImageJ has no ROI Manager: name a label image with labels=… (a file, or the "
							+ "title "
							+ "of an open image)");
		}
		RoiManager rm = RoiManager.getInstance();
		Roi[] rois = rm == null ? new Roi[0] : rm.getRoisAsArray();
		if (rois.length == 0) {
			throw new PunetException(
					"no annotation: outline the structure on a few slices and add each outline to the ROI Manager (press t), or name a "
							+ "label image with labels=…");
		}
		return rois;
	}

	/** The annotation of {@code rois} on {@code image} (not modified), with {@code backgroundSlices} annotated as all background. */
	static Volume<UnsignedByteType> fromRois(ImagePlus image, Roi[] rois, int[] backgroundSlices, double[] spacing) {
		int w = image.getWidth();
		int h = image.getHeight();
		int d = image.getStackSize();
		byte[] a = new byte[w * h * d];
		Arrays.fill(a, (byte) UNLABELLED);
		boolean[] hasRoi = new boolean[d];
		for (Roi roi : rois) {
			String name = roi.getName() == null ? roi.getTypeAsString() : "'" + roi.getName() + "'";
			if (!roi.isArea()) {
				throw new PunetException("ROI " + name + " is a " + roi.getTypeAsString().toLowerCase(java.util.Locale.ROOT)
						+ " selection; outline the structure with area selections (rectangle, oval, polygon, freehand, brush)");
			}
			int z = slice(roi, d);
			if (z < 1 || z > d) {
				throw new PunetException(
						"ROI " + name + (z < 1 ? " belongs to no slice" : " is on slice " + z + ", but " + image.getTitle() + " has " + d)
								+ "; add each outline to the ROI Manager while its slice is shown");
			}
			int offset = (z - 1) * w * h;
			if (!hasRoi[z - 1]) Arrays.fill(a, offset, offset + w * h, (byte) AnnotationTuneRequest.BACKGROUND);
			hasRoi[z - 1] = true;
			fill(roi, a, offset, w, h);
		}
		for (int s : backgroundSlices) {
			check(s, d, image.getTitle());
			if (hasRoi[s - 1])
				throw new PunetException("slice " + s + " is named as without the structure (background_slices) but has a ROI of it");
			Arrays.fill(a, (s - 1) * w * h, s * w * h, (byte) AnnotationTuneRequest.BACKGROUND);
		}
		return new Volume<>(ArrayImgs.unsignedBytes(a, w, h, d), spacing, "annotation", "the ROI Manager's ROIs", NiftiGeometry.UNKNOWN);
	}

	/** The ROI's slice: its (z) position, else the slice its ROI Manager name says ({@code 0005-0123-0456}); 1 for a single image. */
	private static int slice(Roi roi, int depth) {
		int z = roi.hasHyperStackPosition() ? roi.getZPosition() : roi.getPosition();
		if (z == 0 && roi.getName() != null && roi.getName().matches("\\d{4}-\\d{4}-\\d{4}(-\\d+)?"))
			z = Integer.parseInt(roi.getName().substring(0, 4));
		return z == 0 && depth == 1 ? 1 : z;
	}

	/** Sets the voxels inside {@code roi} to the structure. */
	private static void fill(Roi roi, byte[] a, int offset, int w, int h) {
		Rectangle b = roi.getBounds();
		ImageProcessor mask = roi.getMask();
		for (int y = Math.max(0, b.y); y < Math.min(h, b.y + b.height); y++) {
			for (int x = Math.max(0, b.x); x < Math.min(w, b.x + b.width); x++) {
				if (mask == null || mask.get(x - b.x, y - b.y) != 0) a[offset + y * w + x] = (byte) AnnotationTuneRequest.STRUCTURE;
			}
		}
	}

	/** The annotation of a label image (not modified), with {@code backgroundSlices} annotated as all background. */
	@SuppressWarnings("unchecked")
	static Volume<UnsignedByteType> fromLabels(Volume<?> labels, int[] backgroundSlices) {
		long[] dims = labels.dims();
		int d = (int) dims[2];
		int plane = Math.toIntExact(dims[0] * dims[1]);
		byte[] a = new byte[Math.toIntExact(plane * dims[2])];
		boolean[] annotated = new boolean[d];
		boolean unlabelledSeen = false;
		Cursor<? extends RealType<?>> c = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) labels.image()).cursor();
		for (int i = 0; i < a.length; i++) {
			double v = c.next().getRealDouble();
			if (v != Math.rint(v) || v < 0) {
				throw new PunetException(
						"the label image " + labels.source() + " holds the value " + v + "; it needs 0 (background), 255 (not annotated) "
								+ "or another whole number for the structure");
			}
			a[i] = (byte) (v == 0 ? AnnotationTuneRequest.BACKGROUND : v == UNLABELLED ? UNLABELLED : AnnotationTuneRequest.STRUCTURE);
			if (v == UNLABELLED) unlabelledSeen = true;
			else if (v != 0) annotated[i / plane] = true;
		}
		for (int s : backgroundSlices) {
			check(s, d, labels.source());
			if (annotated[s - 1])
				throw new PunetException(
						"slice " + s + " is named as without the structure (background_slices) but the label image marks it there");
			annotated[s - 1] = true;
			Arrays.fill(a, (s - 1) * plane, s * plane, (byte) AnnotationTuneRequest.BACKGROUND);
		}
		boolean any = false;
		for (int z = 0; z < d; z++) {
			if (!annotated[z]) Arrays.fill(a, z * plane, (z + 1) * plane, (byte) UNLABELLED);
			any |= annotated[z];
		}
		if (!any) {
			String hint = unlabelledSeen
					? " (255 means 'not annotated'; for an ImageJ binary mask, mark the structure with 1:"
							+ " Process › Math › Divide… by 255)"
					: "";
			throw new PunetException("the label image " + labels.source() + " marks no voxel of the structure" + hint);
		}
		return new Volume<>(ArrayImgs.unsignedBytes(a, dims), labels.spacing(), "annotation", labels.source(), NiftiGeometry.UNKNOWN);
	}

	private static void check(int slice, int depth, String image) {
		if (slice < 1 || slice > depth)
			throw new PunetException("background_slices: slice " + slice + " is outside 1–" + depth + " of " + image);
	}
}
