package io.github.punetfiji.cli.bench;

import io.github.punetfiji.model.runtime.RuntimeFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The machine and runtime a benchmark ran on, for the report. */
final class Environment {
	private Environment() {}

	/**
	 * The runtime's facts ({@link RuntimeFacts}: CPU, cores, threads, engine, libtorch, OpenMP settings, the
	 * kernel guard's instruction-set level and verdict), the device, the maximum heap and the load at the start.
	 */
	static Map<String, Object> describe(String device) {
		Map<String, Object> m = RuntimeFacts.describe();
		m.put("device", device);
		m.put("max_heap_mib", Stats.mib(Runtime.getRuntime().maxMemory()));
		m.put("load_average_at_start", loadAverage());
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
		return String.format(
				"load average %.2f on %d cores when the benchmark started: other processes compete for the CPU and the timings "
						+ "are not representative"
						+ " (several torch threads suffer most, and many times over if OMP_WAIT_POLICY is not PASSIVE; try --threads 1)",
				load, cores);
	}

	/** The 1-minute load average from {@code /proc/loadavg} (other processes competing for the cores), or null. */
	static Double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
		} catch (IOException | RuntimeException e) {
			return null;
		}
	}
}
