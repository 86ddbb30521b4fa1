package io.github.punetfiji.model.file;

import io.github.punetfiji.model.NpyTensors;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetOutput;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.NpyArray;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One forward of the raw network on a {@code (B, C, H, W, D)} tensor, with every input checked first:
 * the hook for parity checks ({@code ./punet forward}). Results are copied out of a manager that is
 * closed before returning.
 */
public final class RawForward {
	private RawForward() {}

	/** Every class active for every sample: {@code [B][out_channels]} of 1. */
	public static int[][] allActive(int batch, int outChannels) {
		int[][] li = new int[batch][outChannels];
		for (int[] r : li) Arrays.fill(r, 1);
		return li;
	}

	/**
	 * Runs the network once.
	 *
	 * @param x float32 or float64 {@code (B, C_in, H, W, D)}, finite
	 * @param labelIndices {@code [B][out_channels]} of 0/1, or null for {@link #allActive}
	 * @param training batch statistics in batch norms (and running-statistics updates in the model)
	 * @return {@code dense} {@code (B, K, H, W, D)} and {@code embedded} {@code (B, C0, H/2, W/2, D)}
	 */
	public static Map<String, NpyArray> run(PunetModel model, NpyArray x, int[][] labelIndices, PunetNetwork.Mode mode, boolean training) {
		PunetConfig c = model.metadata().config();
		checkInput(x, c.inChannels());
		int batch = (int) x.shape()[0];
		int[][] li = labelIndices != null ? labelIndices : allActive(batch, c.outChannels());
		checkLabelIndices(li, batch, c);
		try (NDManager m = model.manager().newSubManager()) {
			NDArray in = NpyTensors.toNDArray(m, x);
			PunetOutput out = model.network().forward(new ParameterStore(m, false), in, li, mode, training, false);
			Map<String, NpyArray> result = new LinkedHashMap<>();
			result.put("dense", NpyTensors.toNpy(out.dense));
			result.put("embedded", NpyTensors.toNpy(out.embedded));
			return result;
		} catch (EngineException e) {
			throw new PunetException("the network cannot process an input of shape " + Arrays.toString(x.shape()) + ": " + e.getMessage(),
					e);
		}
	}

	/** Rank 5, float, {@code C_in} channels, no empty axis, finite values. */
	public static void checkInput(NpyArray x, int inChannels) {
		long[] s = x.shape();
		if (s.length != 5)
			throw new PunetException(
					"input must have 5 axes (B, C, H, W, D), got shape " + Arrays.toString(s) + "; add axes of size 1 for 2D data");
		if (x.dtype() != NpyArray.DType.FLOAT32 && x.dtype() != NpyArray.DType.FLOAT64) {
			throw new PunetException("input must be float32, got " + x.dtype().name().toLowerCase());
		}
		for (long d : s) {
			if (d < 1) throw new PunetException("input has an empty axis, shape " + Arrays.toString(s));
		}
		if (s[1] != inChannels)
			throw new PunetException(
					"input has " + s[1] + " channel(s) (axis 1 of " + Arrays.toString(s) + "), the model expects " + inChannels);
		float[] v = x.toFloats();
		for (int i = 0; i < v.length; i++) {
			if (!Float.isFinite(v[i]))
				throw new PunetException("input holds " + v[i] + " at flat index " + i + "; every value must be finite");
		}
	}

	/**
	 * {@code [batch][out_channels]} of 0/1, the same number of active classes per sample (with and
	 * without background), and for the prompt head one active foreground class at least (the network has
	 * no prompts to attend to otherwise).
	 */
	public static void checkLabelIndices(int[][] li, int batch, PunetConfig c) {
		int k = c.outChannels();
		if (li.length != batch)
			throw new PunetException("label indices have " + li.length + " row(s), the input batch has " + batch + " sample(s)");
		int active = -1;
		int foreground = -1;
		for (int b = 0; b < li.length; b++) {
			if (li[b].length != k)
				throw new PunetException("label indices row " + (b + 1) + " has " + li[b].length + " values, the model has " + k
						+ " classes (out_channels)");
			int n = 0;
			for (int v : li[b]) {
				if (v != 0 && v != 1) throw new PunetException("label indices must be 0 or 1, got " + v + " in row " + (b + 1));
				n += v;
			}
			int fg = n - li[b][0];
			if (fg < 1 && !c.fixedOutput())
				throw new PunetException("label indices row " + (b + 1) + " activates no foreground class (index 1 or higher)");
			if (active >= 0 && (n != active || fg != foreground)) {
				throw new PunetException("every sample needs the same active classes count, background included and excluded; row 1 has "
						+ active + " (" + foreground + " foreground), row " + (b + 1) + " has " + n + " (" + fg + " foreground)");
			}
			active = n;
			foreground = fg;
		}
	}
}
