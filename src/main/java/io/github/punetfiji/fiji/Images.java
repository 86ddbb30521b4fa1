package io.github.punetfiji.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.LUT;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.ImagePlusConversion;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import java.awt.Polygon;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * How images enter and leave the PUNet commands: as ImageJ 1 {@link ImagePlus}es, copied to and from
 * {@link Volume}s by {@link ImagePlusConversion}.
 *
 * <p>NB: ImagePlus (not ImageJ2's Dataset) because {@code net.imagej:ij} is on Maven Central and
 * {@code imagej-common} is not. In Fiji, imagej-legacy fills an ImagePlus input with the active image,
 * resolves {@code image=title} in macros, and displays ImagePlus outputs; in tests and headless runs the
 * caller passes and reads them directly.
 *
 * <p>An imported NIfTI file keeps its orientation in the ImagePlus property {@value #GEOMETRY}, so that
 * exporting it again writes the same space (rescaled if the calibration was changed; dropped if the
 * size changed).
 */
public final class Images {
	/** The ImagePlus property holding the {@link NiftiGeometry} of an imported file. */
	public static final String GEOMETRY = "PUNet.NiftiGeometry";
	/** The ImagePlus property holding the spacing that {@link #GEOMETRY} was read with. */
	static final String GEOMETRY_SPACING = "PUNet.NiftiSpacing";
	/** The ImagePlus property holding the size that {@link #GEOMETRY} was read with. */
	static final String GEOMETRY_DIMS = "PUNet.NiftiDims";

	private Images() {}

	/** An ImagePlus titled with the volume's name, calibrated in mm, remembering its NIfTI orientation. */
	public static ImagePlus toImagePlus(Volume<?> v) {
		ImagePlus imp = ImagePlusConversion.toImagePlus(v);
		if (!v.geometry().equals(NiftiGeometry.UNKNOWN)) {
			imp.setProperty(GEOMETRY, v.geometry());
			imp.setProperty(GEOMETRY_SPACING, v.spacing());
			imp.setProperty(GEOMETRY_DIMS, v.dims());
		}
		return imp;
	}

	/** A volume copied from an ImagePlus, with the orientation it was imported with where that still fits. */
	@SuppressWarnings({"rawtypes", "unchecked"})
	public static Volume<?> toVolume(ImagePlus imp) {
		if (imp == null) throw new PunetException("no image given (open one, or name it with image=title)");
		Volume<?> v = ImagePlusConversion.toVolume(imp, imp.getShortTitle(), imp.getTitle());
		Object g = imp.getProperty(GEOMETRY);
		Object s = imp.getProperty(GEOMETRY_SPACING);
		Object d = imp.getProperty(GEOMETRY_DIMS);
		if (!(g instanceof NiftiGeometry) || !(s instanceof double[]) || !(d instanceof long[]) || !Arrays.equals((long[]) d, v.dims()))
			return v;
		double[] was = (double[]) s;
		double[] now = v.spacing();
		double[] factor = new double[3];
		for (int i = 0; i < 3; i++) factor[i] = now[i] / was[i];
		NiftiGeometry geometry = Arrays.equals(was, now) ? (NiftiGeometry) g : ((NiftiGeometry) g).scaled(factor);
		return new Volume(v.image(), now, v.name(), v.source(), geometry);
	}

	/**
	 * A label image for display: 8-bit (16-bit above 255 classes) with a colour LUT (0 black), display
	 * range fixed to the LUT, and the class names in its info ("Image › Show Info").
	 */
	public static ImagePlus labels(Volume<?> labels, Map<Integer, String> classNames, String title) {
		ImagePlus imp = toImagePlus(labels);
		imp.setTitle(title);
		if (imp.getBitDepth() == 8) {
			imp.getProcessor().setLut(classLut());
			imp.setDisplayRange(0, 255);
		}
		StringBuilder info = new StringBuilder("PUNet classes:\n");
		new TreeMap<>(classNames).forEach((k, n) -> info.append(k).append(" = ").append(n).append('\n'));
		imp.setProperty("Info", info.toString());
		return imp;
	}

	/**
	 * The class names that {@link #labels} wrote into an image's info ({@code "PUNet classes:"} then
	 * {@code value = name} lines); empty for other images.
	 */
	public static Map<Integer, String> classNames(ImagePlus imp) {
		Map<Integer, String> names = new TreeMap<>();
		Object info = imp == null ? null : imp.getProperty("Info");
		if (!(info instanceof String) || !((String) info).startsWith("PUNet classes:")) return names;
		for (String line : ((String) info).split("\n")) {
			int eq = line.indexOf(" = ");
			if (eq <= 0) continue;
			try {
				names.put(Integer.parseInt(line.substring(0, eq).trim()), line.substring(eq + 3).trim());
			} catch (NumberFormatException e) {
				// not a class line
			}
		}
		return names;
	}

	/** Probability maps as one stack: one channel per class (sorted by index), labelled with the class. */
	public static ImagePlus probabilities(Map<Integer, Volume<?>> maps, Map<Integer, String> classNames, String title) {
		if (maps.isEmpty()) return null;
		ImageStack stack = null;
		int depth = 0;
		for (Map.Entry<Integer, Volume<?>> e : new TreeMap<>(maps).entrySet()) {
			ImageStack s = ImagePlusConversion.toImagePlus(e.getValue()).getStack();
			if (stack == null) stack = new ImageStack(s.getWidth(), s.getHeight());
			depth = s.getSize();
			String name = classNames.getOrDefault(e.getKey(), Integer.toString(e.getKey()));
			for (int z = 1; z <= s.getSize(); z++) stack.addSlice(name, s.getProcessor(z).convertToFloat());
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(maps.size(), depth, 1);
		imp.setDisplayRange(0, 1);
		imp.setCalibration(toImagePlus(maps.values().iterator().next()).getCalibration());
		return imp.getNChannels() > 1 ? new ij.CompositeImage(imp, ij.CompositeImage.GRAYSCALE) : imp;
	}

	/**
	 * A voxel {@code x,y,z}: from {@code text} if given, else from the image's single-point selection on
	 * the current slice.
	 */
	public static int[] point(ImagePlus imp, String text, String name) {
		if (text != null && !text.isBlank()) return Params.point(text, name);
		Roi roi = imp == null ? null : imp.getRoi();
		if (roi instanceof PointRoi) {
			Polygon p = roi.getPolygon();
			if (p.npoints == 1) return new int[] {p.xpoints[0], p.ypoints[0], imp.getCurrentSlice() - 1};
		}
		throw new PunetException(name + " is empty and the image has no single-point selection; give " + name + "=x,y,z or mark one point");
	}

	/** A distinct colour per class index (a golden-angle hue wheel), 0 black. */
	static LUT classLut() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 1; i < 256; i++) {
			java.awt.Color c = java.awt.Color.getHSBColor((float) ((i * 0.618033988749895) % 1.0), i % 2 == 0 ? 0.65f : 0.9f, 1f);
			r[i] = (byte) c.getRed();
			g[i] = (byte) c.getGreen();
			b[i] = (byte) c.getBlue();
		}
		return new LUT(r, g, b);
	}

	/** {@code title}, or {@code title (2)}, {@code (3)}, … when a window (image, table, plot) of that title is open. */
	static String uniqueTitle(String title) {
		String t = title;
		for (int n = 2; ij.WindowManager.getWindow(t) != null || ij.WindowManager.getImage(t) != null; n++) t = title + " (" + n + ")";
		return t;
	}
}
