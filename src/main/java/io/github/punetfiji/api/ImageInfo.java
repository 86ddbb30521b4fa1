package io.github.punetfiji.api;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;

/**
 * What {@code ./punet info} and Plugins › PUNet › Image Info report about an image.
 *
 * @param file the file as given
 * @param dims sizes {@code [x, y, z]}
 * @param spacing voxel spacing in mm
 * @param type {@code uint8|int16|uint16|int32|float32|float64}
 * @param min smallest finite value ({@code NaN} if none)
 * @param max largest finite value ({@code NaN} if none)
 */
public record ImageInfo(String file, long[] dims, double[] spacing, String type, double min, double max) {
	public ImageInfo {
		dims = dims.clone();
		spacing = spacing.clone();
	}

	@Override
	public long[] dims() {
		return dims.clone();
	}

	@Override
	public double[] spacing() {
		return spacing.clone();
	}

	/** Whether the voxel type holds whole numbers ({@code uint8|int16|uint16|int32}): {@code ./punet info} prints the range as integers. */
	public boolean integer() {
		return !type.startsWith("float");
	}

	/** One line for a log: {@code case01.nii.gz: 160×160×48 int16, spacing 2.5×2.5×5 mm, range [-1024, 1602]}. */
	public String summary() {
		return String.format(Locale.ROOT, "%s: %d×%d×%d %s, spacing %s×%s×%s mm, range [%s, %s]", file, dims[0], dims[1], dims[2], type,
				num(spacing[0]), num(spacing[1]), num(spacing[2]), num(min), num(max));
	}

	private static String num(double v) {
		if (!Double.isFinite(v)) return Double.toString(v);
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return new BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
	}

	@Override
	public String toString() {
		return summary() + " " + Arrays.toString(dims);
	}
}
