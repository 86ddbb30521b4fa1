package io.github.punetfiji.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.model.runtime.GradMode;
import io.github.punetfiji.model.PunetNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The time of one raw network forward, evaluation mode, autograd off, batch 1: input {@code (1, 1, H, W, D)}
 * of random values, output {@code dense} copied to the heap (so the time includes finishing the work).
 */
final class ForwardTiming {
	/** The JSON block and the median in milliseconds (NaN when nothing was timed). */
	record Result(Map<String, Object> json, double medianMs) {}

	private ForwardTiming() {}

	static Result measure(PunetNetwork net, NDManager manager, int[] window, int[] labelIndices, int warmup, int iterations, Budget budget,
			long seed) {
		int n = (int) Stats.voxels(window);
		float[] input = new float[n];
		SplittableRandom rng = new SplittableRandom(seed);
		for (int i = 0; i < n; i++) input[i] = (float) (rng.nextDouble() * 2 - 1);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("window", window);
		m.put("batch", 1);
		m.put("label_indices", labelIndices);
		List<Double> ms = new ArrayList<>();
		long cpu0 = -1;
		try (GradMode off = GradMode.off()) {
			for (int i = 0; i < warmup; i++) m.put("warmup_ms", Stats.round(once(net, manager, input, window, labelIndices)));
			cpu0 = Stats.cpuNanos();
			// NB: at least one timed forward; then stop early rather than overrun (the median of what was timed stands).
			for (int i = 0; i < iterations && (i == 0 || budget.fits(ms.get(i - 1) / 1e3)); i++)
				ms.add(once(net, manager, input, window, labelIndices));
		}
		m.put("cpu_ms_per_forward", Stats.cpuMsPer(cpu0, ms.size()));
		m.put("iterations", ms.size());
		if (ms.size() < iterations) m.put("note", "stopped after " + ms.size() + " of " + iterations + " timed forwards: time limit");
		m.putAll(Stats.summary("ms_", ms));
		double median = Stats.median(ms);
		m.put("voxels_per_second", Math.round(n / (median / 1e3)));
		return new Result(m, median);
	}

	/** @return milliseconds of one forward */
	private static double once(PunetNetwork net, NDManager manager, float[] input, int[] w, int[] li) {
		long t0 = System.nanoTime();
		try (NDManager sub = manager.newSubManager(); NDScope scope = new NDScope()) {
			NDArray x = sub.create(input, new Shape(1, 1, w[0], w[1], w[2])); // (B, 1, H, W, D)
			ParameterStore ps = new ParameterStore(sub, false);
			NDArray dense = net.forward(ps, x, new int[][] {li}, PunetNetwork.Mode.BOTH, false, false).dense; // (B, C, H, W, D)
			float[] out = dense.toFloatArray();
			if (out.length == 0) throw new IllegalStateException("empty output for a window of " + Arrays.toString(w));
		}
		return (System.nanoTime() - t0) / 1e6;
	}
}
