package io.github.punetfiji.cli.bench;

import io.github.punetfiji.model.TorchRuntime;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine and runtime a benchmark ran on, for the report. */
final class Environment {
	private Environment() {}

	/**
	 * CPU model, logical cores, the threads libtorch uses (intra-op and inter-op), DJL and engine
	 * versions and the libtorch folder loaded, the device, Java, the OS and the maximum heap.
	 */
	static Map<String, Object> describe(String device) {
		Engine engine = TorchRuntime.engine();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("cpu", cpuModel());
		m.put("cores", Runtime.getRuntime().availableProcessors());
		boolean pytorch = "PyTorch".equals(engine.getEngineName());
		m.put("torch_threads", pytorch ? ai.djl.pytorch.jni.JniUtils.getNumThreads() : null);
		m.put("torch_interop_threads", pytorch ? ai.djl.pytorch.jni.JniUtils.getNumInteropThreads() : null);
		m.put("djl", Engine.getDjlVersion());
		m.put("engine", engine.getEngineName());
		m.put("engine_version", engine.getVersion());
		m.put("libtorch", pytorch ? ai.djl.pytorch.jni.LibUtils.getLibtorchPath() : null);
		m.put("device", device);
		m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
		m.put("omp_env", ompEnv());
		m.put("max_heap_mib", Stats.mib(Runtime.getRuntime().maxMemory()));
		m.put("load_average_at_start", loadAverage());
		return m;
	}

	/**
	 * The OpenMP variables libtorch reads ({@code OMP_NUM_THREADS}, {@code OMP_WAIT_POLICY}, …) as set, or
	 * empty; with the wait policy that {@link TorchRuntime} set in-process (Java's copy of the environment
	 * does not show it).
	 */
	private static Map<String, String> ompEnv() {
		Map<String, String> m = new java.util.TreeMap<>();
		System.getenv().forEach((k, v) -> {
			if (k.startsWith("OMP_") || k.startsWith("KMP_") || k.equals("MKL_NUM_THREADS")) m.put(k, v);
		});
		if (TorchRuntime.passiveWaitSetByPunet()) m.put("OMP_WAIT_POLICY", "PASSIVE (set by punet)");
		return m;
	}

	/**
	 * A warning when other processes keep the cores busy (1-minute load average at or above the number of
	 * cores before this run started), or null. NB: libtorch's OpenMP workers spin at barriers; when they
	 * compete with other busy processes a forward can take many times longer (measured here: about 100×
	 * at load 4 on 2 cores with 2 threads; {@code --threads 1} or {@code OMP_WAIT_POLICY=PASSIVE} avoids it).
	 */
	static String loadWarning(Double load) {
		int cores = Runtime.getRuntime().availableProcessors();
		if (load == null || load < cores) return null;
		return String.format("load average %.2f on %d cores when the benchmark started: other processes compete for the CPU and the timings are not representative"
				+ " (several torch threads suffer most, and many times over if OMP_WAIT_POLICY is not PASSIVE; try --threads 1)", load, cores);
	}

	/** The 1-minute load average from {@code /proc/loadavg} (other processes competing for the cores), or null. */
	static Double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
		} catch (IOException | RuntimeException e) {
			return null;
		}
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
			}
		} catch (IOException | SecurityException e) {
			// not Linux
		}
		return System.getProperty("os.arch");
	}
}
