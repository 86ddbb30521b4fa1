package io.github.punetfiji.model.runtime;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this process computes with, as one JSON-ready map: the CPU, the engine and the libtorch it loaded, the
 * GPUs it sees, its threads and OpenMP settings, and the native-kernel guard's instruction-set level and
 * verdict ({@link KernelGuard}). {@code ./punet doctor}, Fiji's System Check and the benchmark report show it.
 * Loads the engine (and so runs the guard) if it is not loaded yet.
 */
public final class RuntimeFacts {
	private RuntimeFacts() {}

	public static Map<String, Object> describe() {
		Engine engine = TorchRuntime.engine();
		boolean pytorch = "PyTorch".equals(engine.getEngineName());
		CpuInfo cpu = CpuInfo.read();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("cpu", cpu.name());
		m.put("cpu_id", cpu.identity());
		m.put("cores", Runtime.getRuntime().availableProcessors());
		m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
		m.put("djl", Engine.getDjlVersion());
		m.put("engine", engine.getEngineName());
		m.put("engine_version", engine.getVersion());
		java.nio.file.Path local = TorchRuntime.localLibtorch();
		m.put("libtorch", pytorch ? ai.djl.pytorch.jni.LibUtils.getLibtorchPath() : null);
		m.put("libtorch_source",
				local == null
						? "bundled (CPU build)"
						: TorchRuntime.LIBRARY_PATH + " or java.library.path (" + TorchRuntime.inferFlavor(local) + ")");
		m.put("gpus", engine.getGpuCount());
		m.put("torch_threads", pytorch ? ai.djl.pytorch.jni.JniUtils.getNumThreads() : null);
		m.put("torch_interop_threads", pytorch ? ai.djl.pytorch.jni.JniUtils.getNumInteropThreads() : null);
		m.put("omp_env", ompEnv());
		m.put("native_memory", nativeMemory());
		m.put("huge_pages", hugePages());
		KernelGuard.State s = KernelGuard.state();
		Map<String, Object> k = s == null ? new LinkedHashMap<>() : s.toMap();
		k.put("cache", KernelGuard.cacheFile(System.getenv()).toString());
		m.put("kernel_check", k);
		return m;
	}

	/**
	 * Whether glibc keeps the memory libtorch frees for reuse and who chose that ({@link NativeMemory#keepFreedMemory()}),
	 * and whether the native work runs on glibc's main arena ({@link EngineThread}).
	 */
	static Map<String, Object> nativeMemory() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("freed_memory", NativeMemory.keepFreedMemory());
		m.put("engine_thread", EngineThread.state());
		m.put("this_thread_on_main_arena", EngineThread.onMainArena());
		return m;
	}

	/**
	 * Whether libtorch's large blocks get huge pages here and who chose that ({@code THP_MEM_ALLOC_ENABLE}: set by
	 * punet, by the user, or off), and how often glibc's heaps lose the huge-page advice ({@link NativeMemory}).
	 */
	static Map<String, Object> hugePages() {
		Map<String, Object> m = new LinkedHashMap<>();
		String v = TorchRuntime.cGetenv(TorchRuntime.THP_MEM_ALLOC_ENABLE);
		boolean byPunet = TorchRuntime.setByPunet().containsKey(TorchRuntime.THP_MEM_ALLOC_ENABLE);
		m.put("in_force", NativeMemory.hugePagesInForce());
		m.put("THP_MEM_ALLOC_ENABLE", v == null ? "unset" : v + (byPunet ? " (set by punet)" : " (set by the user)"));
		m.put("kernel_mode", transparentHugepages());
		m.put("heaps_without_huge_pages_every_s", NativeMemory.sweeping() ? NativeMemory.period() : null);
		return m;
	}

	/** The kernel's transparent-huge-page mode ({@code always}, {@code madvise} or {@code never}), or null off Linux. */
	static String transparentHugepages() {
		try {
			String s = java.nio.file.Files.readString(java.nio.file.Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).trim();
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\w+)\\]").matcher(s);
			return m.find() ? m.group(1) : s;
		} catch (java.io.IOException | RuntimeException e) {
			return null;
		}
	}

	/** The CPU's model name and identity, e.g. {@code AMD EPYC (AuthenticAMD family 26 model 2 stepping 1)}. */
	public static String cpu() {
		CpuInfo c = CpuInfo.read();
		return c.name() + " (" + c.identity() + ")";
	}

	/**
	 * The OpenMP and allocator variables libtorch reads ({@code OMP_NUM_THREADS}, {@code OMP_WAIT_POLICY},
	 * {@code THP_MEM_ALLOC_ENABLE}, …; glibc's {@code GLIBC_TUNABLES}) as set, with those {@link TorchRuntime} set
	 * in-process (Java's copy of the environment does not show them).
	 */
	static Map<String, String> ompEnv() {
		Map<String, String> m = new TreeMap<>();
		System.getenv().forEach((k, v) -> {
			boolean openMp = k.startsWith("OMP_") || k.startsWith("KMP_") || k.equals("MKL_NUM_THREADS");
			if (openMp || k.equals(TorchRuntime.THP_MEM_ALLOC_ENABLE) || k.equals("GLIBC_TUNABLES")) m.put(k, v);
		});
		TorchRuntime.setByPunet().forEach((k, v) -> m.put(k, v + " (set by punet)"));
		return m;
	}
}
