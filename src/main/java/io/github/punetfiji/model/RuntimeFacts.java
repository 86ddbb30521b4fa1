package io.github.punetfiji.model;

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
		m.put("cpu_id", cpu.vendor() + " family " + cpu.family() + " model " + cpu.model() + " stepping " + cpu.stepping());
		m.put("cores", Runtime.getRuntime().availableProcessors());
		m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
		m.put("djl", Engine.getDjlVersion());
		m.put("engine", engine.getEngineName());
		m.put("engine_version", engine.getVersion());
		java.nio.file.Path local = TorchRuntime.localLibtorch();
		m.put("libtorch", pytorch ? ai.djl.pytorch.jni.LibUtils.getLibtorchPath() : null);
		m.put("libtorch_source", local == null ? "bundled (CPU build)" : TorchRuntime.LIBRARY_PATH + " or java.library.path (" + TorchRuntime.inferFlavor(local) + ")");
		m.put("gpus", engine.getGpuCount());
		m.put("torch_threads", pytorch ? ai.djl.pytorch.jni.JniUtils.getNumThreads() : null);
		m.put("torch_interop_threads", pytorch ? ai.djl.pytorch.jni.JniUtils.getNumInteropThreads() : null);
		m.put("omp_env", ompEnv());
		KernelGuard.State s = KernelGuard.state();
		Map<String, Object> k = s == null ? new LinkedHashMap<>() : s.toMap();
		k.put("cache", KernelGuard.cacheFile(System.getenv()).toString());
		m.put("kernel_check", k);
		return m;
	}

	/** The CPU's model name and identity, e.g. {@code AMD EPYC (AuthenticAMD family 26 model 2 stepping 1)}. */
	public static String cpu() {
		CpuInfo c = CpuInfo.read();
		return c.name() + " (" + c.vendor() + " family " + c.family() + " model " + c.model() + " stepping " + c.stepping() + ")";
	}

	/**
	 * The OpenMP variables libtorch reads ({@code OMP_NUM_THREADS}, {@code OMP_WAIT_POLICY}, …) as set, with the
	 * wait policy that {@link TorchRuntime} set in-process (Java's copy of the environment does not show it).
	 */
	static Map<String, String> ompEnv() {
		Map<String, String> m = new TreeMap<>();
		System.getenv().forEach((k, v) -> {
			if (k.startsWith("OMP_") || k.startsWith("KMP_") || k.equals("MKL_NUM_THREADS")) m.put(k, v);
		});
		if (TorchRuntime.passiveWaitSetByPunet()) m.put("OMP_WAIT_POLICY", "PASSIVE (set by punet)");
		return m;
	}
}
