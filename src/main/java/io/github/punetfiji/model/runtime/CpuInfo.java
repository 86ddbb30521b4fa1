package io.github.punetfiji.model.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU as {@code /proc/cpuinfo} describes its first processor (model name, vendor, family, model,
 * stepping, feature flags), for {@link KernelGuard}: which instruction-set caps apply and which verdict of
 * the kernel check a cache entry holds. Elsewhere than Linux only the architecture is known.
 */
record CpuInfo(String arch, String vendor, String name, String family, String model, String stepping, Set<String> flags) {
	static CpuInfo read() {
		return parse(System.getProperty("os.arch"), Paths.get("/proc/cpuinfo"));
	}

	static CpuInfo parse(String arch, Path cpuinfo) {
		Map<String, String> f = new HashMap<>();
		try {
			for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
				if (line.isBlank()) break; // NB: the first processor's block only
				int colon = line.indexOf(':');
				if (colon > 0) f.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
			}
		} catch (IOException | RuntimeException e) {
			// NB: no /proc (not Linux): the architecture alone
		}
		Set<String> flags = new TreeSet<>(Arrays.asList(f.getOrDefault("flags", "").split("\\s+")));
		flags.remove("");
		return new CpuInfo(arch, f.getOrDefault("vendor_id", "?"),
				f.getOrDefault("model name", System.getenv().getOrDefault("PROCESSOR_IDENTIFIER", "?")), f.getOrDefault("cpu family", "?"),
				f.getOrDefault("model", "?"), f.getOrDefault("stepping", "?"), flags);
	}

	boolean x86() {
		return arch.equals("amd64") || arch.equals("x86_64");
	}

	boolean has(String... features) {
		for (String x : features) if (!flags.contains(x)) return false;
		return true;
	}

	/** e.g. {@code AuthenticAMD family 26 model 2 stepping 1}. */
	String identity() {
		return vendor + " family " + family + " model " + model + " stepping " + stepping;
	}

	/** e.g. {@code AMD EPYC, family 26 model 2}. */
	String describe() {
		return name + ", family " + family + " model " + model;
	}

	/** What a cached verdict is valid for: the model and its features (a VM may hide some). */
	String key() {
		return arch + "|" + vendor + "|" + name + "|" + family + "/" + model + "/" + stepping + "|flags "
				+ Integer.toHexString(String.join(" ", flags).hashCode());
	}
}
