package io.github.punetfiji.cli.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Summaries of timings in milliseconds, rounded to 0.01 ms. */
final class Stats {
	private Stats() {}

	static double median(List<Double> xs) {
		double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (s.length == 0) return Double.NaN;
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	/** {@code <prefix>median, <prefix>min, <prefix>max, <prefix>mean} of the timings. */
	static Map<String, Object> summary(String prefix, List<Double> ms) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put(prefix + "median", round(median(ms)));
		m.put(prefix + "min", round(ms.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)));
		m.put(prefix + "max", round(ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
		m.put(prefix + "mean", round(ms.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
		return m;
	}

	static double round(double x) {
		return Math.round(x * 100) / 100.0;
	}

	static double mib(long bytes) {
		return round(bytes / (double) (1 << 20));
	}

	/** Mebibytes, or null for a negative (unknown) size. */
	static Double mibOrNull(long bytes) {
		return bytes < 0 ? null : mib(bytes);
	}

	/**
	 * CPU time of the whole process in nanoseconds, every thread included (libtorch's native workers
	 * too), or -1 when the JVM cannot tell. Unlike wall time it barely grows when other processes compete
	 * for the cores.
	 */
	static long cpuNanos() {
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean
				? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()
				: -1;
	}

	/** Milliseconds of process CPU time per item since {@code startNanos}, or null when unknown or no items. */
	static Double cpuMsPer(long startNanos, long items) {
		long now = cpuNanos();
		return startNanos < 0 || now < 0 || items <= 0 ? null : round((now - startNanos) / 1e6 / items);
	}

	static long voxels(int[] dims) {
		return Arrays.stream(dims).asLongStream().reduce(1, (a, b) -> a * b);
	}
}
