package io.github.punetfiji.cli.bench;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.data.synth.SyntheticAbdomen;
import io.github.punetfiji.infer.InferenceModel;
import io.github.punetfiji.Progress;
import io.github.punetfiji.infer.Segmentation;
import io.github.punetfiji.infer.SegmentationSettings;
import io.github.punetfiji.infer.SlidingWindowSegmenter;
import io.github.punetfiji.infer.WindowGrid;
import io.github.punetfiji.model.PunetNetwork;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sliding-window segmentation of one synthetic CT volume ({@link SyntheticAbdomen}, int16 HU) for one
 * foreground class (one pass), through {@link SlidingWindowSegmenter} with its defaults (overlap 0.5,
 * batch 4). Reports the forward time per window as the segmenter measures it and the end-to-end voxels
 * per second (normalisation, forwards, blending, label image). A one-window segmentation first warms up
 * the window's shape. When the volume would not fit the time limit at the estimated cost per window,
 * its depth is halved until it does (and the JSON says so).
 */
final class InferenceTiming {
	private static final double OVERLAP = 0.5;

	private InferenceTiming() {}

	/**
	 * @param estimateMs an upper estimate of one window's forward in milliseconds (the teacher-size forward)
	 */
	static Map<String, Object> measure(PunetNetwork net, NDManager manager, BenchSettings s, double estimateMs, Budget budget) {
		int[] w = SlidingWindowSegmenter.windowSize(net.config());
		int[] dims = s.inferenceVolume(w);
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("window", w);
		m.put("overlap", OVERLAP);
		m.put("class", 1);
		SegmentationSettings settings = SegmentationSettings.defaults().withClasses(1).withOverlap(OVERLAP);
		m.put("batch_size", settings.batchSize());
		int[] wanted = dims.clone();
		// NB: the estimate includes the warm-up window and 50 % headroom for blending and the busy machine.
		int minDepth = Math.max(2, w[2]); // NB: the synthetic volume needs at least 2 slices
		while (dims[2] > minDepth && !budget.fits(1.5 * (windows(dims, w) + 1) * estimateMs / 1e3))
			dims[2] = Math.max(minDepth, dims[2] / 2);
		m.put("volume", dims);
		if (!Arrays.equals(dims, wanted)) m.put("note", "volume depth reduced from " + wanted[2] + " to fit the time limit");
		if (!budget.fits(1.5 * (windows(dims, w) + 1) * estimateMs / 1e3)) {
			m.put("skipped", String.format("an estimated %.0f s for %d windows exceeds the %.0f s left of the time limit",
					windows(dims, w) * estimateMs / 1e3, windows(dims, w), budget.left()));
			return m;
		}
		SlidingWindowSegmenter segmenter = new SlidingWindowSegmenter(InferenceModel.of(net, manager, Intensity.CT));
		Volume<?> volume = SampleData.image(new SyntheticAbdomen(dims[0], dims[1], dims[2]).generate(s.seed(), 0));
		Volume<?> warm = SampleData.image(new SyntheticAbdomen(w[0], w[1], Math.max(2, w[2])).generate(s.seed(), 1));
		Budget hard = Budget.seconds(budget.left() * 2); // cancel only far past the estimate
		try {
			segmenter.segment(warm, settings, Progress.cancelling(hard::expired));
			long cpu0 = Stats.cpuNanos();
			long t0 = System.nanoTime();
			Segmentation seg = segmenter.segment(volume, settings, Progress.cancelling(hard::expired));
			double wallMs = (System.nanoTime() - t0) / 1e6;
			m.put("windows", seg.windows());
			m.put("ms_per_window", Stats.round(seg.millisPerWindow()));
			m.put("forward_ms", Stats.round(seg.forwardMillis()));
			m.put("wall_ms", Stats.round(wallMs));
			m.put("wall_ms_per_window", Stats.round(wallMs / seg.windows()));
			m.put("cpu_ms_per_window", Stats.cpuMsPer(cpu0, seg.windows()));
			m.put("voxels_per_second", Math.round(Stats.voxels(dims) / (wallMs / 1e3)));
		} catch (CancelledException e) {
			m.put("skipped", "cancelled at twice the time limit");
		}
		return m;
	}

	private static long windows(int[] dims, int[] w) {
		return new WindowGrid(new long[] {dims[0], dims[1], dims[2]}, w, OVERLAP).count();
	}
}
