package io.github.punetfiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-Java loops the kernel check trusts: a hand-computed convolution, and gradients that are the adjoints. */
class NaiveKernelsTest {
	@Test
	void aConvolutionByHand() {
		// one 3×3 input, one channel, kernel 3×3 of ones, padding 1: each output sums its 3×3 neighbourhood
		NaiveKernels.Conv c = new NaiveKernels.Conv(1, 1, 1, new int[] {3, 3, 1}, new int[] {3, 3, 1}, new int[] {1, 1, 1});
		float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
		float[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1};
		double[] y = NaiveKernels.convForward(c, x, w, new float[] {0.5f});
		assertArrayEquals(new double[] {12.5, 21.5, 16.5, 27.5, 45.5, 33.5, 24.5, 39.5, 28.5}, y, 1e-12);
		// stride 2: the corners only
		NaiveKernels.Conv s = new NaiveKernels.Conv(1, 1, 1, new int[] {3, 3, 1}, new int[] {3, 3, 1}, new int[] {2, 2, 1});
		assertArrayEquals(new double[] {12, 16, 24, 28}, NaiveKernels.convForward(s, x, w, new float[] {0}), 1e-12);
	}

	@Test
	void gradientsAreTheAdjointsOfTheForward() {
		// <conv(x, w), g> = <x, dX(w, g)> = <w, dW(x, g)> for a strided 3D convolution with channels and batch
		NaiveKernels.Conv c = new NaiveKernels.Conv(2, 3, 4, new int[] {5, 6, 3}, new int[] {3, 3, 3}, new int[] {2, 2, 1});
		Random r = new Random(3);
		float[] x = random(r, 2 * 3 * 5 * 6 * 3), w = random(r, 4 * 3 * 27), g = random(r, 2 * 4 * c.outVolume());
		double[] y = NaiveKernels.convForward(c, x, w, new float[4]);
		double yg = dot(y, g), xgx = dot(NaiveKernels.convGradInput(c, w, g), x), wgw = dot(NaiveKernels.convGradWeight(c, x, g), w);
		assertEquals(yg, xgx, 1e-9 * Math.abs(yg) + 1e-9);
		assertEquals(yg, wgw, 1e-9 * Math.abs(yg) + 1e-9);
	}

	@Test
	void upSamplingKeepsConstantsAndInterpolatesQuarters() {
		double[] y = NaiveKernels.upsample2(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 2, 2, 2);
		for (double v : y) assertEquals(1, v, 1e-12);
		// along an axis of 2: outputs 0..3 sample -1/4, 1/4, 3/4, 5/4 → clamped 0, 0.25, 0.75, 1 of the way;
		// the axes of 1 double by copying (output 4×2×2, the last two axes fastest)
		double[] expected = new double[16];
		for (int i = 0; i < 16; i++) expected[i] = new double[] {0, 0.25, 0.75, 1}[i / 4];
		assertArrayEquals(expected, NaiveKernels.upsample2(new float[] {0, 1}, 1, 2, 1, 1), 1e-12);
	}

	private static float[] random(Random r, int n) {
		float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
		return a;
	}

	private static double dot(double[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}
}
