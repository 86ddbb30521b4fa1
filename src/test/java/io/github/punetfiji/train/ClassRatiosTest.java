package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.punetfiji.train.views.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** additive_alpha from the labels, as the reference's _get_foreground_background_ratio. */
class ClassRatiosTest {
	private static Sample subject(String name, int... labels) {
		byte[] l = new byte[labels.length];
		for (int i = 0; i < l.length; i++) l[i] = (byte) labels[i];
		return Sample.of(name, new int[] {labels.length, 1, 1}, new float[labels.length], l);
	}

	@Test
	void inverseMeanForegroundToBackgroundRatioScaledByTheFactor() {
		// subject a: 6 background, 2 of class 1, 0 of class 2; subject b: 4 background, 4 of class 1, 2 of class 2
		Sample a = subject("a", 0, 0, 0, 0, 0, 0, 1, 1);
		Sample b = subject("b", 0, 0, 0, 0, 1, 1, 1, 1, 2, 2);
		Sample unlabelled = Sample.of("c", new int[] {3, 1, 1}, new float[3], null);
		double r1 = (2 / 6.0 + 4 / 4.0) / 2; // mean ratio of class 1
		double r2 = (0 + 2 / 4.0) / 2;
		double[] alpha = ClassRatios.additiveAlpha(List.of(a, b, unlabelled), 4, 0.01);
		assertArrayEquals(new double[] {0, 0.01 / r1, 0.01 / r2, 0}, alpha, 1e-12, "class 3 is absent: 0, not infinity");
	}
}
