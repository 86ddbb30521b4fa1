package io.github.punetfiji.train;

import io.github.punetfiji.train.views.Sample;
import java.util.List;

/**
 * The focal loss's per-class {@code additive_alpha} from the training labels, as the reference derives
 * its data sets' defaults ({@code loader_monai._get_foreground_background_ratio}): for every class k the
 * mean over subjects of {@code voxels(k) / voxels(background)}, inverted and scaled by
 * {@code additive_alpha_factor}; background gets 0. Rare classes weigh more. A class that no subject has
 * gets 0 (the reference would divide by zero).
 */
public final class ClassRatios {
	private ClassRatios() {}

	/**
	 * @param samples the training subjects; those without labels are skipped
	 * @param classes number of classes including background
	 * @param factor {@code additive_alpha_factor} (reference: 0.001 for TCIA/BTCV, 0.01 for CT-ORG)
	 * @return {@code additive_alpha}, {@code classes} entries
	 */
	public static double[] additiveAlpha(List<Sample> samples, int classes, double factor) {
		double[] ratios = new double[classes];
		int subjects = 0;
		for (Sample s : samples) {
			byte[] l = s.labels();
			if (l == null) continue;
			long[] counts = new long[classes];
			for (byte v : l) {
				int k = v & 0xff;
				if (k < classes) counts[k]++;
			}
			subjects++;
			if (counts[0] == 0) continue;
			for (int k = 1; k < classes; k++) ratios[k] += counts[k] / (double) counts[0];
		}
		double[] alpha = new double[classes];
		for (int k = 1; k < classes && subjects > 0; k++) {
			double mean = ratios[k] / subjects;
			alpha[k] = mean > 0 ? factor / mean : 0;
		}
		return alpha;
	}
}
