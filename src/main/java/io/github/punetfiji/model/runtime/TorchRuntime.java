package io.github.punetfiji.model.runtime;

import ai.djl.engine.Engine;
import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch engine, loaded once with the settings this project needs, or a message saying what to fix.
 *
 * <p>The bundled libtorch is the CPU build ({@code pytorch-native-cpu}, linux-x86_64). A GPU needs a CUDA
 * build of the same libtorch version on the machine, named by {@code PYTORCH_LIBRARY_PATH} (its {@code lib}
 * folder, e.g. pip's {@code site-packages/torch/lib}); DJL's JNI bridge for it ({@code cu128}) is already in
 * the bundled {@code pytorch-jni} jar, so nothing is downloaded. DJL then also needs {@code PYTORCH_FLAVOR},
 * or it looks for a {@code cpu-precxx11} bridge the jar does not hold and fails with "Cannot copy jni files":
 * when the variable is not set, {@link #prepare()} sets it (as the system property DJL also reads) from the
 * folder's contents. A libtorch of another version would crash or fail to link, so a version that the
 * folder declares ({@code ../build-version} of a libtorch zip, {@code ../version.py} of a pip wheel) is
 * checked first. {@link #prepare()} also sets the native runtime's defaults ({@link #nativeDefaultsUnlessSet}).
 */
public final class TorchRuntime {
	/** The environment variable naming a libtorch {@code lib} folder to use (DJL reads no property of that name). */
	public static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
	/** DJL's JNI-bridge flavour: {@code cpu} or {@code cu128}. */
	public static final String FLAVOR = "PYTORCH_FLAVOR";
	/** The libtorch version DJL should assume for {@link #LIBRARY_PATH}. */
	public static final String VERSION = "PYTORCH_VERSION";
	/** The CUDA flavour of the bundled JNI bridge. */
	static final String CUDA_FLAVOR = "cu128";

	private static final Pattern SEMVER = Pattern.compile("(\\d+\\.\\d+\\.\\d+)");
	private static final Pattern WHEEL_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
	/** The libtorch version of the bundled JNI bridge, read once. */
	private static final String BRIDGE_VERSION = readBridgeVersion();
	private static volatile Engine engine;
	/** Whether {@link #prepare()} has run to the end; then {@link #local} is its result. */
	private static boolean prepared;
	private static Path local;

	private TorchRuntime() {}

	/** The engine, loaded on first use; a {@link PunetException} with what to fix when it cannot be loaded. */
	public static Engine engine() {
		Engine e = engine;
		if (e != null) return e;
		synchronized (TorchRuntime.class) {
			if (engine != null) return engine;
			Path folder = prepare();
			KernelGuard.choose(folder); // NB: before oneDNN's first primitive, which reads the cap once
			Engine loaded;
			try {
				loaded = Engine.getInstance();
			} catch (RuntimeException | LinkageError ex) {
				throw new PunetException(loadFailure(folder, BRIDGE_VERSION, ex));
			}
			KernelGuard.verify();
			NativeMemory.startSweepingIfHugePages();
			engine = loaded;
			return engine;
		}
	}

	/**
	 * Checks a local libtorch and sets what DJL needs to load it ({@link #configure}), without loading
	 * anything; returns its folder, or null for the bundled libtorch. Entry points call it before any work so
	 * that settings that cannot work fail first; {@link #engine()} calls it too. It runs once: later calls
	 * return the first result (a refusal is repeated, since nothing was set).
	 */
	public static synchronized Path prepare() {
		if (prepared) return local;
		Map<String, String> env = System.getenv();
		nativeDefaultsUnlessSet(env);
		NativeMemory.keepFreedMemory();
		String expected = BRIDGE_VERSION;
		String named = env.get(LIBRARY_PATH);
		if (named != null && !named.trim().isEmpty() && firstLibtorchFolder(named) == null) {
			throw new PunetException(
					LIBRARY_PATH + "=" + named + " holds no " + System.mapLibraryName("torch") + "; name the lib folder of libtorch "
							+ orAny(expected) + " (e.g. site-packages/torch/lib), or unset it to use the bundled CPU libtorch");
		}
		Path folder = localLibtorch(env, System.getProperty("java.library.path"));
		if (folder != null) check(env, folder, expected, configure(env, System.getProperties(), folder, expected));
		local = folder;
		prepared = true;
		return folder;
	}

	/**
	 * The native runtime's settings this project chooses unless the user set them, put into this process's
	 * environment before libtorch reads them (OpenMP reads its settings once, when it loads), as the {@code punet}
	 * launcher would: {@code OMP_WAIT_POLICY=PASSIVE}. With libgomp's default, threads spin at every barrier, and
	 * when anything else keeps a core busy a training step takes 20–30× longer (docs/bench.md); inside Fiji nothing
	 * else would set it.
	 *
	 * <p>NB: not {@code THP_MEM_ALLOC_ENABLE=1} (transparent huge pages for libtorch's blocks of 2 MiB and more): with it a
	 * long training's RSS grew (0.5–0.8 MB a step for {@code small}), and with freed memory kept for reuse
	 * ({@link NativeMemory#keepFreedMemory()}, the default since) it makes a {@code 2d} step slower, not faster
	 * (docs/bench.md). Users who want it set it themselves; {@link #THP_MEM_ALLOC_ENABLE} names it for the reports.
	 * Where the C library's {@code setenv} is not reachable this does nothing.
	 */
	static void nativeDefaultsUnlessSet(Map<String, String> env) {
		for (Map.Entry<String, String> d : NATIVE_DEFAULTS.entrySet()) {
			if (env.containsKey(d.getKey()) || com.sun.jna.Platform.isWindows()) continue;
			try {
				if (LibC.INSTANCE.setenv(d.getKey(), d.getValue(), 0) == 0) SET_BY_PUNET.put(d.getKey(), d.getValue());
			} catch (RuntimeException | LinkageError e) {
				// NB: no C library through JNA: libtorch keeps its default
			}
		}
	}

	/** {@code OMP_WAIT_POLICY}, read by libtorch's OpenMP runtime when it loads. */
	static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";
	/** {@code THP_MEM_ALLOC_ENABLE}, read by libtorch's CPU allocator at its first allocation (not set by punet, see above). */
	public static final String THP_MEM_ALLOC_ENABLE = "THP_MEM_ALLOC_ENABLE";
	private static final Map<String, String> NATIVE_DEFAULTS = Map.of(OMP_WAIT_POLICY, "PASSIVE");
	private static final Map<String, String> SET_BY_PUNET = new java.util.concurrent.ConcurrentSkipListMap<>();

	/** The variables {@link #nativeDefaultsUnlessSet} set in this process, with their values. */
	public static Map<String, String> setByPunet() {
		return java.util.Collections.unmodifiableMap(SET_BY_PUNET);
	}

	/** Whether this process's OpenMP waits passively because punet set it. */
	public static boolean passiveWaitSetByPunet() {
		return SET_BY_PUNET.containsKey(OMP_WAIT_POLICY);
	}

	/** A variable of this process's C environment as native code sees it (Java's copy misses {@link #setenv}), or null. */
	static String cGetenv(String name) {
		try {
			return com.sun.jna.Platform.isWindows() ? System.getenv(name) : LibC.INSTANCE.getenv(name);
		} catch (RuntimeException | LinkageError e) {
			return System.getenv(name);
		}
	}

	/** Sets a variable in this process's C environment (seen by native code's {@code getenv}); false where that is not possible. */
	static boolean setenv(String name, String value) {
		if (com.sun.jna.Platform.isWindows()) return false;
		try {
			return LibC.INSTANCE.setenv(name, value, 1) == 0;
		} catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	private interface LibC extends com.sun.jna.Library {
		LibC INSTANCE = com.sun.jna.Native.load("c", LibC.class);

		int setenv(String name, String value, int overwrite);

		String getenv(String name);
	}

	/**
	 * The message for a failure that came from loading the engine outside {@link #engine()} (DJL loads it on
	 * first use of any array), or null when {@code t} is not one.
	 */
	public static String loadFailureOf(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
			if (c instanceof ai.djl.engine.EngineException || c instanceof UnsatisfiedLinkError) {
				return loadFailure(localLibtorch(), BRIDGE_VERSION, c);
			}
		}
		return null;
	}

	/** The local libtorch folder of this process's settings ({@link #localLibtorch(Map, String)}), or null. */
	public static Path localLibtorch() {
		return localLibtorch(System.getenv(), System.getProperty("java.library.path"));
	}

	/**
	 * The libtorch folder DJL will load instead of the bundled one, as DJL looks for it: the first folder of
	 * {@code PYTORCH_LIBRARY_PATH} that holds libtorch, else the first of {@code java.library.path}; null when
	 * neither does (then the bundled CPU libtorch is used).
	 */
	public static Path localLibtorch(Map<String, String> env, String javaLibraryPath) {
		String named = env.get(LIBRARY_PATH);
		Path f = named == null ? null : firstLibtorchFolder(named);
		if (f == null && javaLibraryPath != null) f = firstLibtorchFolder(javaLibraryPath);
		return f;
	}

	/**
	 * Sets {@code PYTORCH_FLAVOR} (inferred from the folder) and {@code PYTORCH_VERSION} (the bridge's) as
	 * system properties, which DJL reads when the environment does not set them; returns the flavour in effect.
	 */
	static String configure(Map<String, String> env, Properties props, Path folder, String expectedVersion) {
		String flavor = env.getOrDefault(FLAVOR, props.getProperty(FLAVOR));
		if (flavor == null) {
			flavor = inferFlavor(folder);
			props.setProperty(FLAVOR, flavor);
		}
		if (env.get(VERSION) == null && props.getProperty(VERSION) == null && expectedVersion != null) {
			props.setProperty(VERSION, expectedVersion);
		}
		return flavor;
	}

	/** {@code cu128} when the folder holds libtorch's CUDA library, else {@code cpu}. */
	static String inferFlavor(Path libFolder) {
		if (libFolder == null) return "cpu";
		return Files.exists(libFolder.resolve(System.mapLibraryName("torch_cuda"))) ? CUDA_FLAVOR : "cpu";
	}

	/** The first folder of a path list that holds libtorch, or null. */
	static Path firstLibtorchFolder(String pathList) {
		for (String p : pathList.split(java.io.File.pathSeparator)) {
			if (p.isEmpty()) continue;
			Path dir = Paths.get(p);
			if (Files.isRegularFile(dir) && dir.getFileName().toString().equals(System.mapLibraryName("torch"))) return dir.getParent();
			if (Files.isRegularFile(dir.resolve(System.mapLibraryName("torch")))) return dir;
		}
		return null;
	}

	/**
	 * The libtorch version a folder declares: {@code ../build-version} (libtorch zip) or {@code ../version.py}
	 * (pip wheel, {@code __version__ = '2.7.1+cu128'}); null when it declares none.
	 */
	static String declaredVersion(Path libFolder) {
		if (libFolder == null || libFolder.toAbsolutePath().getParent() == null) return null;
		Path parent = libFolder.toAbsolutePath().getParent();
		for (String name : new String[] {"build-version", "version.py"}) {
			Path f = parent.resolve(name);
			if (!Files.isRegularFile(f)) continue;
			try {
				String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
				if (name.equals("version.py")) {
					Matcher m = WHEEL_VERSION.matcher(text);
					if (m.find()) return m.group(1);
				} else if (!text.trim().isEmpty()) {
					return text.trim().split("\\s+")[0];
				}
			} catch (IOException e) {
				return null;
			}
		}
		return null;
	}

	/** Refuses settings DJL would fail on later with a message that does not say why. */
	static void check(Map<String, String> env, Path folder, String expected, String flavor) {
		String declared = declaredVersion(folder);
		if (declared != null && expected != null && !semver(declared).equals(expected)) {
			throw new PunetException("the libtorch in " + folder + " is version " + declared + ", but this build's PyTorch bridge (DJL "
					+ "pytorch-jni) needs " + expected + "; install libtorch " + expected + " (for a GPU e.g. pip install torch=="
					+ expected + " --index-url https://download.pytorch.org/whl/" + CUDA_FLAVOR + ") and point " + LIBRARY_PATH
					+ " at its torch/lib");
		}
		String version = env.get(VERSION);
		if (version != null && expected != null && !semver(version).equals(expected)) {
			throw new PunetException(VERSION + "=" + version + ": this build's PyTorch bridge is for libtorch " + expected + "; unset "
					+ VERSION + " or set it to " + expected);
		}
		if (flavor != null && !flavor.equals("cpu") && !flavor.equals(CUDA_FLAVOR)) {
			throw new PunetException(FLAVOR + "=" + flavor + ": the bundled PyTorch bridge comes as cpu and " + CUDA_FLAVOR
					+ " only; unset " + FLAVOR + " (it is inferred from the libtorch folder) or set one of those");
		}
	}

	static String loadFailure(Path folder, String expected, Throwable cause) {
		String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) root = root.getCause();
		if (root != cause && root.getMessage() != null) why += ": " + root.getMessage();
		if (folder != null) {
			return "the PyTorch native library could not be loaded (" + why + "). The libtorch in " + folder + " (from " + LIBRARY_PATH
					+ " or java.library.path) must be the lib folder of libtorch " + orAny(expected)
					+ " for this machine (the CPU build, or a CUDA 12.x build for --device gpu); "
					+ "remove it to use the bundled CPU libtorch";
		}
		return "the PyTorch native library could not be loaded (" + why + "). The bundled libtorch " + orAny(expected)
				+ " is for linux-x86_64 and is unpacked into DJL's cache (~/.djl.ai, or DJL_CACHE_DIR): check that this is a "
				+ "linux-x86_64 machine "
				+ "and that the cache folder is writable and has about 1 GB free; elsewhere point " + LIBRARY_PATH + " at a local libtorch "
				+ orAny(expected);
	}

	/** The libtorch version of the bundled JNI bridge ({@code jni_version=2.7.1-0.36.0}), or null if unknown. */
	static String bridgeVersion() {
		return BRIDGE_VERSION;
	}

	private static String readBridgeVersion() {
		try (InputStream in = TorchRuntime.class.getResourceAsStream("/jnilib/pytorch.properties")) {
			if (in == null) return null;
			Properties p = new Properties();
			p.load(in);
			String v = p.getProperty("jni_version");
			return v == null ? null : semver(v);
		} catch (IOException e) {
			return null;
		}
	}

	static String semver(String version) {
		Matcher m = SEMVER.matcher(version);
		return m.find() ? m.group(1) : version;
	}

	private static String orAny(String version) {
		return version == null ? "(the version of the bundled pytorch-jni)" : version;
	}
}
