package io.github.punetfiji.data;

import io.github.punetfiji.PunetException;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import io.github.punetfiji.io.Notes;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import java.util.Locale;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * ImageJ 1 {@link ImagePlus} ⇄ {@link Volume}, by copying. This replaces {@code imglib2-ij}
 * ({@code ImageJFunctions}, {@code ImagePlusAdapter}), which is not on Maven Central.
 *
 * <p>To a volume: 8-bit → uint8, 16-bit → uint16, 32-bit → float32; a 16-bit image with ImageJ's signed
 * calibration → int16; any other value calibration (e.g. the DICOM rescale slope/intercept, giving
 * Hounsfield units) is applied: int16 (or int32) when it is an integer offset, float32 otherwise.
 * Spacing comes from the pixel width, height and depth, converted to mm from the unit (mm, cm, m, µm,
 * nm, inch; other units and "pixel" are taken as mm). Colour images, several channels or time points
 * are refused.
 *
 * <p>To an ImagePlus: uint8 → 8-bit, uint16 → 16-bit, int8/int16 → 16-bit with signed calibration,
 * everything else → 32-bit float (int32 values above 2^24 lose precision); calibration in mm.
 */
public final class ImagePlusConversion {
	private ImagePlusConversion() {}

	/** Copies an ImagePlus into a volume named {@code name}; {@code source} names it in messages. */
	@SuppressWarnings({"rawtypes", "unchecked"})
	public static Volume<?> toVolume(ImagePlus imp, String name, String source) {
		int t = imp.getType();
		if (t == ImagePlus.COLOR_RGB || t == ImagePlus.COLOR_256) {
			throw new PunetException(source + " is a colour image; PUNet needs grey values (convert it to 8-, 16- or 32-bit grey first)");
		}
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			throw new PunetException(source + " has " + imp.getNChannels() + " channels and " + imp.getNFrames()
					+ " time points; PUNet needs a single grey channel and time point (split it first)");
		}
		int w = imp.getWidth();
		int h = imp.getHeight();
		int d = imp.getStackSize();
		long[] dims = {w, h, d};
		if ((long) w * h * d > Integer.MAX_VALUE - 8)
			throw new PunetException(source + " is too large (" + w + "×" + h + "×" + d + " voxels)");
		ImageStack stack = imp.getStack();
		int plane = w * h;
		Calibration cal = imp.getCalibration();
		RandomAccessibleInterval img;
		if (t == ImagePlus.GRAY32) {
			float[] a = new float[plane * d];
			for (int z = 0; z < d; z++) System.arraycopy(stack.getProcessor(z + 1).getPixels(), 0, a, z * plane, plane);
			img = ArrayImgs.floats(a, dims);
		} else if (t == ImagePlus.GRAY8) {
			byte[] a = new byte[plane * d];
			for (int z = 0; z < d; z++) System.arraycopy(stack.getProcessor(z + 1).getPixels(), 0, a, z * plane, plane);
			img = ArrayImgs.unsignedBytes(a, dims);
		} else {
			short[] a = new short[plane * d];
			for (int z = 0; z < d; z++) System.arraycopy(stack.getProcessor(z + 1).getPixels(), 0, a, z * plane, plane);
			img = ArrayImgs.unsignedShorts(a, dims);
		}
		if (t != ImagePlus.GRAY32 && cal.calibrated()) img = calibrated(img, cal);
		double f = mmPerUnit(cal.getUnit());
		double[] spacing = {Notes.spacingOrOne(cal.pixelWidth * f, "x", source), Notes.spacingOrOne(cal.pixelHeight * f, "y", source),
				d == 1 ? 1 : Notes.spacingOrOne(cal.pixelDepth * f, "z", source)};
		return new Volume(img, spacing, name, source, NiftiGeometry.UNKNOWN);
	}

	/** Applies an ImageJ value calibration to integer pixels. */
	private static RandomAccessibleInterval<?> calibrated(RandomAccessibleInterval<? extends RealType<?>> raw, Calibration cal) {
		double[] k = cal.getCoefficients();
		boolean offset = cal.getFunction() == Calibration.STRAIGHT_LINE && k != null && k.length >= 2 && k[1] == 1
				&& k[0] == Math.rint(k[0]);
		ArrayImg<? extends RealType<?>, ?> out;
		if (offset) {
			double lo = Double.MAX_VALUE;
			double hi = -Double.MAX_VALUE;
			for (RealType<?> v : Views.flatIterable(raw)) {
				lo = Math.min(lo, v.getRealDouble());
				hi = Math.max(hi, v.getRealDouble());
			}
			boolean fits16 = lo + k[0] >= Short.MIN_VALUE && hi + k[0] <= Short.MAX_VALUE;
			out = fits16 ? ArrayImgs.shorts(raw.dimensionsAsLongArray()) : ArrayImgs.ints(raw.dimensionsAsLongArray());
		} else {
			out = ArrayImgs.floats(raw.dimensionsAsLongArray());
		}
		Cursor<? extends RealType<?>> c = Views.flatIterable(raw).cursor();
		for (RealType<?> o : out) {
			double v = c.next().getRealDouble();
			o.setReal(offset ? v + k[0] : cal.getCValue(v));
		}
		return out;
	}

	/** Copies a volume into an ImagePlus titled with its name, calibrated in mm. */
	public static ImagePlus toImagePlus(Volume<?> v) {
		int w = Math.toIntExact(v.dims()[0]);
		int h = Math.toIntExact(v.dims()[1]);
		int d = Math.toIntExact(v.dims()[2]);
		VoxelType type = v.type();
		boolean signed = type == VoxelType.INT16 || type == VoxelType.INT8;
		ImageStack stack = new ImageStack(w, h);
		Cursor<? extends RealType<?>> c = Views.flatIterable(v.image()).cursor();
		for (int z = 0; z < d; z++) {
			if (type == VoxelType.UINT8) {
				byte[] p = new byte[w * h];
				for (int i = 0; i < p.length; i++) p[i] = (byte) c.next().getRealDouble();
				stack.addSlice(new ByteProcessor(w, h, p));
			} else if (type == VoxelType.UINT16 || signed) {
				short[] p = new short[w * h];
				for (int i = 0; i < p.length; i++) p[i] = (short) ((int) c.next().getRealDouble() + (signed ? 32768 : 0));
				stack.addSlice(new ShortProcessor(w, h, p, null));
			} else {
				float[] p = new float[w * h];
				for (int i = 0; i < p.length; i++) p[i] = (float) c.next().getRealDouble();
				stack.addSlice(new FloatProcessor(w, h, p));
			}
		}
		ImagePlus imp = new ImagePlus(v.name(), stack);
		Calibration cal = imp.getCalibration();
		if (signed) cal.setSigned16BitCalibration();
		double[] s = v.spacing();
		cal.pixelWidth = s[0];
		cal.pixelHeight = s[1];
		cal.pixelDepth = s[2];
		cal.setUnit("mm");
		imp.resetDisplayRange();
		return imp;
	}

	/** Millimetres per calibration unit; unknown units (and "pixel") count as mm. */
	static double mmPerUnit(String unit) {
		String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
		switch (u) {
			case "cm":
				return 10;
			case "m":
			case "meter":
			case "metre":
				return 1000;
			case "um":
			case "µm":
			case "\u03bcm":
			case "micron":
			case "microns":
				return 0.001;
			case "nm":
				return 1e-6;
			case "inch":
			case "in":
				return 25.4;
			default:
				return 1;
		}
	}

}
