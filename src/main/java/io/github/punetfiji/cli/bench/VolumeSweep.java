package io.github.punetfiji.cli.bench;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.infer.InferenceModel;
import io.github.punetfiji.infer.Segmentation;
import io.github.punetfiji.infer.SegmentationSettings;
import io.github.punetfiji.infer.SlidingWindowSegmenter;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.model.runtime.TorchRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.ShortType;

/**
 * How sliding-window segmentation scales with the volume ({@code ./punet bench --volumes …}): one int16 volume
 * per size, segmented for one class by {@link SlidingWindowSegmenter} with its defaults (overlap 0.5, batch 4),
 * through a randomly initialised network of the {@code tiny} widths with 224×224×1 windows (the {@code 2d}
 * preset's window). The network is small on purpose: the sweep measures the pipeline around it (reading
 * windows, normalisation, blending, the label image) and its memory, which must stay bounded — time linear in
 * the voxels, resident memory the input and output images plus a constant — not a preset's arithmetic (the
 * presets' own blocks measure that). Per size: seconds, windows, voxels per second, and the peak RSS and heap
 * of that segmentation alone ({@link Memory#resetPeaks()} before each).
 */
final class VolumeSweep {
	/** The sizes of {@code --volumes full}: 0.3, 4.9, 39 and 79 million voxels, up to a 512×512×300 CT. */
	static final List<int[]> FULL = List.of(new int[] {128, 128, 19}, new int[] {256, 256, 75}, new int[] {512, 512, 150},
			new int[] {512, 512, 300});
	/** The sizes of {@code --volumes quick}: a smoke run. */
	static final List<int[]> QUICK = List.of(new int[] {128, 128, 4}, new int[] {256, 256, 8});
	private static final int WINDOW = 224;
	private static final int BATCH = 4;

	private VolumeSweep() {}

	/**
	 * The sizes named by {@code --volumes}: {@code full}, {@code quick}, or {@code XxYxZ} items.
	 *
	 * @throws PunetException for a malformed or out-of-range size
	 */
	static List<int[]> parse(List<String> items) {
		if (items == null || items.isEmpty()) throw new PunetException("--volumes needs full, quick or sizes like 256x256x75,512x512x300");
		if (items.size() == 1 && items.get(0).equals("full")) return FULL;
		if (items.size() == 1 && items.get(0).equals("quick")) return QUICK;
		List<int[]> sizes = new ArrayList<>();
		for (String item : items) {
			String[] p = item.toLowerCase(Locale.ROOT).split("x");
			if (p.length != 3) throw new PunetException("--volumes: '" + item + "' is not a size XxYxZ (e.g. 512x512x300), full or quick");
			int[] d = new int[3];
			for (int a = 0; a < 3; a++) {
				try {
					d[a] = Integer.parseInt(p[a]);
				} catch (NumberFormatException e) {
					throw new PunetException("--volumes: '" + item + "' is not a size XxYxZ (e.g. 512x512x300)");
				}
			}
			if (d[0] < 1 || d[1] < 1 || d[2] < 1 || d[0] > 4096 || d[1] > 4096 || d[2] > 4096 || (long) d[0] * d[1] * d[2] > 500_000_000L) {
				throw new PunetException("--volumes: '" + item + "' needs sizes of 1 to 4096 per axis and at most 500 million voxels");
			}
			sizes.add(d);
		}
		return sizes;
	}

	static Map<String, Object> run(List<int[]> sizes, long seed, Consumer<String> progress) {
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("network", "tiny widths, window " + WINDOW + "×" + WINDOW + "×1, random weights");
		r.put("overlap", SegmentationSettings.defaults().overlap());
		r.put("batch_size", BATCH);
		List<Object> rows = new ArrayList<>();
		r.put("volumes", rows);
		List<Long> window = List.of((long) WINDOW, (long) WINDOW, 1L);
		PunetConfig c = PunetConfig.preset("tiny").with("patch_size_students", List.of(window, window)).with("patch_size_teacher", window)
				.with("attn_window_size", new int[] {4, 4, 1}).validate();
		TorchRuntime.engine().setRandomSeed((int) seed);
		try (NDManager m = NDManager.newBaseManager()) {
			PunetNetwork net = new PunetNetwork(c);
			net.initializeParameters(m);
			InferenceModel model = InferenceModel.of(net, m, Intensity.CT);
			for (int[] d : sizes) {
				progress.accept(String.format(Locale.ROOT, "bench: volumes: segmenting %d×%d×%d", d[0], d[1], d[2]));
				rows.add(one(model, d));
			}
		}
		r.put("seconds_per_megavoxel", perMegavoxel(rows));
		return r;
	}

	private static Map<String, Object> one(InferenceModel model, int[] d) {
		Volume<ShortType> v = volume(d);
		System.gc();
		boolean reset = Memory.resetPeaks();
		long rssBefore = Memory.rss();
		long t0 = System.nanoTime();
		Segmentation s = new SlidingWindowSegmenter(model).segment(v, SegmentationSettings.defaults().withClasses(1).withBatchSize(BATCH));
		double seconds = (System.nanoTime() - t0) / 1e9;
		long voxels = (long) d[0] * d[1] * d[2];
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("dims", d);
		row.put("megavoxels", Stats.round(voxels / 1e6));
		row.put("input_int16_mib", Stats.mib(voxels * 2));
		row.put("labels_uint8_mib", Stats.mib(voxels));
		row.put("windows", s.windows());
		row.put("seconds", Stats.round(seconds));
		row.put("ms_per_window", Stats.round(s.millisPerWindow()));
		row.put("voxels_per_second", Math.round(voxels / seconds));
		row.put("rss_before_mib", Stats.mibOrNull(rssBefore));
		long peak = Memory.rssPeak();
		row.put("rss_peak_mib", Stats.mibOrNull(peak));
		row.put("rss_peak_growth_mib", peak < 0 || rssBefore < 0 ? null : Stats.mib(peak - rssBefore));
		row.put("rss_peak_scope", reset ? "this volume" : "process");
		row.put("heap_peak_mib", Stats.mib(Memory.heapPeak()));
		return row;
	}

	/** A synthetic int16 CT-like volume (values in [-1000, 1000), a fixed hash of the voxel index). */
	private static Volume<ShortType> volume(int[] d) {
		ArrayImg<ShortType, ?> img = ArrayImgs.shorts(d[0], d[1], d[2]);
		long i = 0;
		for (ShortType t : img) t.set((short) ((i++ * 2654435761L >>> 20) % 2000 - 1000));
		return new Volume<>(img, new double[] {0.8, 0.8, 2}, "bench-volume");
	}

	/** Seconds per million voxels of each size, in order: constant when time is linear in the voxels. */
	private static List<Double> perMegavoxel(List<Object> rows) {
		List<Double> out = new ArrayList<>();
		for (Object o : rows) {
			Map<?, ?> row = (Map<?, ?>) o;
			out.add(Stats.round(((Number) row.get("seconds")).doubleValue() / ((Number) row.get("megavoxels")).doubleValue()));
		}
		return out;
	}
}
