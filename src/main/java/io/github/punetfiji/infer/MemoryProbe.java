package io.github.punetfiji.infer;

import io.github.punetfiji.model.TorchRuntime;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.ShortType;

/**
 * Measures memory of a large segmentation (not a test: it takes minutes). Runs a synthetic int16
 * volume (default 512×512×300) through a randomly initialised network of the {@code tiny} widths with a
 * window of {@code W×W×D} (default 224×224×1, the 2D preset's window), and prints one JSON line: peak
 * heap (sum of the heap pools' peak usage), peak process RSS ({@code VmHWM}), volume sizes, windows and
 * milliseconds per window.
 *
 * <pre>java -Xmx1g -cp target/classes:$(cat target/punet.classpath) io.github.punetfiji.infer.MemoryProbe [X Y Z [W [D [batch [probabilities]]]]]</pre>
 */
public final class MemoryProbe {
	private MemoryProbe() {}

	public static void main(String[] a) throws Exception {
		int nx = a.length > 0 ? Integer.parseInt(a[0]) : 512, ny = a.length > 1 ? Integer.parseInt(a[1]) : 512, nz = a.length > 2 ? Integer.parseInt(a[2]) : 300;
		int w = a.length > 3 ? Integer.parseInt(a[3]) : 224, d = a.length > 4 ? Integer.parseInt(a[4]) : 1;
		int batch = a.length > 5 ? Integer.parseInt(a[5]) : 4;
		boolean probs = a.length > 6 && Boolean.parseBoolean(a[6]);
		ArrayImg<ShortType, ?> img = ArrayImgs.shorts(nx, ny, nz);
		long i = 0;
		for (ShortType t : img) t.set((short) ((i++ * 2654435761L >>> 20) % 2000 - 1000));
		Volume<ShortType> v = new Volume<>(img, new double[] {0.8, 0.8, 2}, "probe");
		List<Long> window = List.of((long) w, (long) w, (long) d);
		PunetConfig c = PunetConfig.preset("tiny").with("patch_size_students", List.of(window, window)).with("patch_size_teacher", window)
				.with("attn_window_size", new int[] {4, 4, Math.min(d, 2)}).validate();
		TorchRuntime.engine().setRandomSeed(1);
		long t0 = System.nanoTime();
		Segmentation s;
		try (NDManager m = NDManager.newBaseManager()) {
			PunetNetwork net = new PunetNetwork(c);
			net.initializeParameters(m);
			s = new SlidingWindowSegmenter(InferenceModel.of(net, m, Intensity.CT)).segment(v,
					SegmentationSettings.defaults().withClasses(1).withBatchSize(batch).withProbabilities(probs));
		}
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("dims", new long[] {nx, ny, nz});
		r.put("window", new int[] {w, w, d});
		r.put("batch_size", batch);
		r.put("probabilities", probs);
		r.put("volume_float32_mib", (double) nx * ny * nz * 4 / (1 << 20));
		r.put("input_int16_mib", (double) nx * ny * nz * 2 / (1 << 20));
		r.put("peak_heap_mib", peakHeap() / (double) (1 << 20));
		r.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (double) (1 << 20));
		r.put("peak_rss_mib", vmHwmKib() / 1024.0);
		r.put("windows", s.windows());
		r.put("ms_per_window", s.millisPerWindow());
		r.put("total_s", (System.nanoTime() - t0) / 1e9);
		System.out.println(Json.write(r));
	}

	private static long peakHeap() {
		long sum = 0;
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
			if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
		}
		return sum;
	}

	private static long vmHwmKib() throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", ""));
		}
		return -1;
	}
}
