package io.github.punetfiji.model.runtime;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the native kernels compute right on this CPU before any real computation: chooses the highest
 * oneDNN instruction-set level ({@code DNNL_MAX_CPU_ISA}) at which the {@link KernelSelfCheck} passes, applies it,
 * and verifies it in this process; refuses to run when no level passes.
 *
 * <p>oneDNN reads its cap once, at its first primitive, so a process cannot try one level and then another.
 * The levels are therefore tried in short child processes ({@link KernelSelfCheck#mainClass}), highest first, once per
 * CPU model + libtorch + check version; the verdict is cached ({@link #cacheFile}). Before the engine loads,
 * {@link #choose} sets the chosen cap in this process's environment (C {@code setenv}, which oneDNN's
 * {@code getenv} sees); after it loads, {@link #verify} runs the quick check in this process, so a cap that
 * did not take effect (oneDNN already used by something else in the JVM) is caught too.
 *
 * <p>A cap the user set ({@code DNNL_MAX_CPU_ISA} or {@code ONEDNN_MAX_CPU_ISA}) is kept and verified.
 * {@code PUNET_KERNEL_CHECK=warn} reports a failing check without refusing; {@code off} skips it (for
 * measuring the uncapped kernels, never for results).
 */
public final class KernelGuard {
	/** oneDNN's instruction-set cap. */
	public static final String ISA_VARIABLE = "DNNL_MAX_CPU_ISA";
	/** oneDNN's newer name for the same cap. */
	static final String ONEDNN_ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
	/** {@code on} (default), {@code warn} or {@code off}. */
	public static final String SWITCH = "PUNET_KERNEL_CHECK";
	/** The level name for "no cap": oneDNN uses everything the CPU has. */
	public static final String DEFAULT = "default";
	/** The cache folder override (else {@code $XDG_CACHE_HOME/punet} or {@code ~/.cache/punet}). */
	public static final String CACHE_VARIABLE = "PUNET_CACHE_DIR";

	/** The outcome of trying one level in a child process. */
	public record Probe(boolean ran, boolean passed, String summary) {}

	/** Tries one level ({@link #DEFAULT} or a cap name); {@link #childProber()} in the product, a fake in tests. */
	@FunctionalInterface
	public interface Prober {
		Probe probe(String level);
	}

	/**
	 * What is in force: the level ({@link #DEFAULT}, a cap name, or null when unchecked), where it came from
	 * ({@code probe}, {@code cache}, {@code user}, {@code off}, {@code unprobed}), why a cap was needed, each
	 * level's probe summary, and the in-process check's summary once {@link #verify} ran.
	 */
	public record State(String isa, String source, String reason, Map<String, String> probes, String verdict) {
		State withVerdict(String v) {
			return new State(isa, source, reason, probes, v);
		}

		/** The facts as a JSON-ready map (doctor, bench environment, model provenance). */
		public Map<String, Object> toMap() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("isa", isa);
			m.put("source", source);
			if (reason != null) m.put("reason", reason);
			if (!probes.isEmpty()) m.put("probes", new LinkedHashMap<>(probes));
			m.put("check", verdict);
			return m;
		}
	}

	private static volatile State state;
	private static PunetException refusal;

	private static KernelSelfCheck check;

	private KernelGuard() {}

	/** The registered {@link KernelSelfCheck} (the network's, from {@code model}), found once. */
	static synchronized KernelSelfCheck check() {
		if (check == null) {
			for (KernelSelfCheck c : java.util.ServiceLoader.load(KernelSelfCheck.class, KernelSelfCheck.class.getClassLoader())) {
				check = c;
				break;
			}
			if (check == null)
				throw new PunetException("no kernel self-check is registered (META-INF/services/" + KernelSelfCheck.class.getName()
						+ " is missing from the class path); the native kernels cannot be verified");
		}
		return check;
	}

	/** What is in force, or null before the engine was loaded. */
	public static State state() {
		return state;
	}

	/**
	 * Chooses the level for this process and puts its cap into the environment. Call before the first oneDNN
	 * primitive (in practice: before the engine loads).
	 *
	 * @param libtorch the local libtorch folder, or null for the bundled one
	 */
	static synchronized State choose(Path libtorch) {
		if (refusal != null) throw refusal;
		if (state != null) return state;
		if (Boolean.getBoolean(KernelSelfCheck.CHILD_PROPERTY)) return state = new State(null, "child", null, Map.of(), "child");
		Map<String, String> env = System.getenv();
		State s = choose(env, CpuInfo.read(), libtorchId(libtorch), cacheFile(env), childProber());
		if (s.source().matches("probe|cache|unprobed") && !DEFAULT.equals(s.isa()) && !TorchRuntime.setenv(ISA_VARIABLE, s.isa())) {
			throw new PunetException("this CPU needs oneDNN's instruction set capped at " + s.isa() + " (" + s.reason()
					+ "), but the environment " + "could not be set from Java here; start again with " + ISA_VARIABLE + "=" + s.isa());
		}
		state = s;
		return s;
	}

	/** {@link #choose(Path)} with everything it reads given (tests). */
	static State choose(Map<String, String> env, CpuInfo cpu, String libtorch, Path cache, Prober prober) {
		String mode = mode(env);
		if (mode.equals("off")) return new State(null, "off", null, Map.of(), null); // NB: verify() warns and records "off"
		String user = env.getOrDefault(ISA_VARIABLE, env.get(ONEDNN_ISA_VARIABLE));
		if (user != null && !user.isBlank()) return new State(user.trim(), "user", null, Map.of(), null);
		String key = key(cpu, libtorch);
		Map<String, Object> entries = readCache(cache);
		Object hit = entries.get(key);
		if (hit instanceof Map) {
			@SuppressWarnings("unchecked")
			Map<String, Object> e = (Map<String, Object>) hit;
			@SuppressWarnings("unchecked")
			Map<String, String> probes = (Map<String, String>) (Map<?, ?>) e.getOrDefault("probes", Map.of());
			return new State((String) e.get("isa"), "cache", (String) e.get("reason"), probes, null);
		}
		Map<String, String> probes = new LinkedHashMap<>();
		String chosen = null, reason = null;
		boolean anyRan = false;
		for (String level : candidates(cpu)) {
			Probe p = prober.probe(level);
			probes.put(level, p.ran() ? (p.passed() ? "passed" : p.summary()) : "not run: " + p.summary());
			anyRan |= p.ran();
			if (p.ran() && p.passed()) {
				chosen = level;
				break;
			}
			if (p.ran() && reason == null) reason = "at " + level + ": " + p.summary();
		}
		if (!anyRan) {
			// NB: no child process could run (e.g. no java executable); the in-process check alone decides
			return new State(DEFAULT, "unprobed", null, probes, null);
		}
		if (chosen == null) {
			throw new PunetException(
					"the native kernels of libtorch compute wrong results on this CPU (" + cpu.describe() + ") at every instruction-set "
							+ "level tried (" + probes + "); nothing was computed. Please report this with the output of ./punet doctor");
		}
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("isa", chosen);
		if (reason != null) entry.put("reason", reason);
		entry.put("probes", probes);
		entry.put("checked", java.time.Instant.now().toString());
		entries.put(key, entry);
		writeCache(cache, entries);
		return new State(chosen, "probe", reason, probes, null);
	}

	/**
	 * Runs the quick check in this process (the engine loaded, the cap in force) and records its verdict. A
	 * failure refuses (cached verdicts are dropped, so the next start probes again), or only warns with
	 * {@code PUNET_KERNEL_CHECK=warn}. Notes a cap once.
	 */
	static synchronized void verify() {
		if (refusal != null) throw refusal;
		State s = state;
		if (s == null || s.verdict() != null || verifying) return; // NB: the check's own network forwards come back here
		verifying = true;
		try {
			verify(s);
		} finally {
			verifying = false;
		}
	}

	private static boolean verifying;

	private static void verify(State s) {
		if (s.source().equals("off")) {
			io.github.punetfiji.io.Notes
					.warn("the native-kernel self-check is off (" + SWITCH + "=off): results are not verified on this CPU");
			state = s.withVerdict("off");
			return;
		}
		KernelSelfCheck.Outcome r = check().check(KernelSelfCheck.Scope.QUICK);
		state = s.withVerdict(r.summary());
		if (r.passed()) {
			if (!s.isa().equals(DEFAULT) && !s.source().equals("user")) {
				io.github.punetfiji.io.Notes.note(
						"CPU kernels capped at " + s.isa() + " (" + ISA_VARIABLE + "): the faster ones compute wrong results on this CPU ("
								+ s.reason() + "); verdict cached in " + cacheFile(System.getenv()));
			}
			return;
		}
		String why = "the native kernels compute wrong results in this process at "
				+ (s.isa().equals(DEFAULT) ? "the default instruction set" : s.isa())
				+ (s.source().equals("user") ? " (" + ISA_VARIABLE + " set in the environment)" : "") + ": " + r.summary();
		if (mode(System.getenv()).equals("warn")) {
			io.github.punetfiji.io.Notes.warn(why + " (" + SWITCH + "=warn: continuing; results may be wrong)");
			return;
		}
		if (s.source().equals("cache")) dropCache(cacheFile(System.getenv()));
		String fix = s.source().equals("user")
				? "unset " + ISA_VARIABLE + " to let punet choose a level that passes, or set a lower one (AVX2, SSE41)"
				: s.source().equals("unprobed")
						? "start again with " + ISA_VARIABLE + "=SSE41 in the environment"
						: "start again (the levels will be tried afresh); if this persists, run ./punet doctor and report its output";
		refusal = new PunetException(why + "; nothing was computed. " + Character.toUpperCase(fix.charAt(0)) + fix.substring(1));
		throw refusal;
	}

	/** The levels to try, highest first: no cap, then the AVX-512, AVX2, AVX and SSE4.1 caps the CPU supports. */
	static List<String> candidates(CpuInfo cpu) {
		List<String> l = new ArrayList<>(List.of(DEFAULT));
		if (!cpu.x86()) return l;
		if (cpu.has("avx512f", "avx512bw", "avx512vl", "avx512dq")) l.add("AVX512_CORE");
		if (cpu.has("avx2", "fma")) l.add("AVX2");
		if (cpu.has("avx")) l.add("AVX");
		l.add("SSE41");
		return l;
	}

	static String mode(Map<String, String> env) {
		String m = env.getOrDefault(SWITCH, "on").trim().toLowerCase(java.util.Locale.ROOT);
		if (!m.matches("on|warn|off")) throw new PunetException(SWITCH + "=" + env.get(SWITCH) + " is not one of on|warn|off");
		return m;
	}

	/**
	 * Which libtorch a verdict is for: the bundled one, or a local one by the real path of its kernels' library
	 * (links to the same files share a verdict).
	 */
	static String libtorchId(Path libtorch) {
		String v = "libtorch " + TorchRuntime.bridgeVersion() + " ";
		if (libtorch == null) return v + "bundled";
		Path kernels = libtorch.resolve(System.mapLibraryName("torch_cpu"));
		try {
			return v + (Files.exists(kernels) ? kernels : libtorch).toRealPath() + " " + TorchRuntime.inferFlavor(libtorch);
		} catch (IOException e) {
			return v + libtorch.toAbsolutePath() + " " + TorchRuntime.inferFlavor(libtorch);
		}
	}

	/** The cache key of this machine's CPU with the bundled libtorch (tests). */
	public static String cacheKey() {
		return key(CpuInfo.read(), libtorchId(null));
	}

	private static String key(CpuInfo cpu, String libtorch) {
		return cpu.key() + "|" + libtorch + "|check " + check().version();
	}

	/** {@code PUNET_CACHE_DIR}, else {@code $XDG_CACHE_HOME/punet}, else {@code ~/.cache/punet}; the file {@code kernel-check.json}. */
	public static Path cacheFile(Map<String, String> env) {
		String dir = env.get(CACHE_VARIABLE);
		if (dir == null || dir.isBlank()) {
			String xdg = env.get("XDG_CACHE_HOME");
			dir = xdg != null && !xdg.isBlank()
					? Paths.get(xdg, "punet").toString()
					: Paths.get(System.getProperty("user.home"), ".cache", "punet").toString();
		}
		return Paths.get(dir, "kernel-check.json");
	}

	private static Map<String, Object> readCache(Path file) {
		try {
			if (!Files.isRegularFile(file) || Files.size(file) > 1 << 20) return new LinkedHashMap<>();
			return new LinkedHashMap<>(Json.parseObject(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString()));
		} catch (IOException | RuntimeException e) {
			return new LinkedHashMap<>(); // NB: an unreadable cache only costs a new probe
		}
	}

	private static void writeCache(Path file, Map<String, Object> entries) {
		try {
			AtomicFiles.write(file, out -> out.write(Json.writePretty(entries, 2).getBytes(StandardCharsets.UTF_8)));
		} catch (RuntimeException e) {
			// NB: a read-only home only costs a new probe next time
		}
	}

	private static void dropCache(Path file) {
		try {
			Files.deleteIfExists(file);
		} catch (IOException e) {
			// NB: nothing more to do; the refusal says what to do
		}
	}

	/** Runs the check's child-process form ({@code full}) in a child JVM with the level's cap in its environment. */
	public static Prober childProber() {
		return childProber(KernelSelfCheck.Scope.FULL);
	}

	static Prober childProber(KernelSelfCheck.Scope scope) {
		Class<?> main = check().mainClass();
		return level -> {
			List<String> cmd = new ArrayList<>();
			cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
			cmd.add("-Xmx1g");
			for (String k : System.getProperties().stringPropertyNames()) {
				if (k.startsWith("ai.djl.") || k.startsWith("PYTORCH_") || k.equals("java.library.path") || k.equals("offline")) {
					cmd.add("-D" + k + "=" + System.getProperty(k));
				}
			}
			cmd.add("-Djava.awt.headless=true");
			cmd.add("-D" + KernelSelfCheck.CHILD_PROPERTY + "=true");
			cmd.add("-cp");
			cmd.add(ChildClasspath.of(main));
			cmd.add(main.getName());
			cmd.add(scope == KernelSelfCheck.Scope.FULL ? "full" : "quick");
			cmd.add("--fail-fast");
			ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
			Map<String, String> env = pb.environment();
			env.remove(ISA_VARIABLE);
			env.remove(ONEDNN_ISA_VARIABLE);
			env.remove("ONEDNN_VERBOSE");
			env.remove("DNNL_VERBOSE");
			env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
			if (!level.equals(DEFAULT)) env.put(ISA_VARIABLE, level);
			try {
				Process p = pb.start();
				Thread watchdog = new Thread(() -> {
					try {
						if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly(); // NB: closes its output, so the read below ends
					} catch (InterruptedException e) {
						p.destroyForcibly();
					}
				}, "punet-kernel-check-watchdog");
				watchdog.setDaemon(true);
				watchdog.start();
				List<String> lines = new ArrayList<>();
				String verdict = null;
				try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = in.readLine()) != null;) {
						if (line.startsWith(KernelSelfCheck.VERDICT_PREFIX))
							verdict = line.substring(KernelSelfCheck.VERDICT_PREFIX.length());
						else
							if (lines.size() < 20) lines.add(line);
					}
				}
				if (!p.waitFor(10, TimeUnit.SECONDS)) {
					p.destroyForcibly();
					return new Probe(false, false, "timed out");
				}
				if (verdict == null)
					return new Probe(false, false, "exit " + p.exitValue() + (lines.isEmpty() ? "" : ": " + String.join(" | ", lines)));
				Map<String, Object> j = Json.parseObject(verdict, "kernel check verdict");
				return new Probe(true, Boolean.TRUE.equals(j.get("passed")), String.valueOf(j.get("summary")));
			} catch (IOException e) {
				return new Probe(false, false, e.getMessage());
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return new Probe(false, false, "interrupted");
			}
		};
	}
}
