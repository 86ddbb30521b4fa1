package io.github.punetfiji.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a local libtorch ({@code PYTORCH_LIBRARY_PATH}) is recognised and checked before DJL loads it. */
class TorchRuntimeTest {
	@TempDir
	Path tmp;

	private Path libtorch(String name, boolean cuda) throws Exception {
		Path lib = Files.createDirectories(tmp.resolve(name).resolve("lib"));
		Files.write(lib.resolve(System.mapLibraryName("torch")), new byte[] {0});
		if (cuda) Files.write(lib.resolve(System.mapLibraryName("torch_cuda")), new byte[] {0});
		return lib;
	}

	@Test
	void passiveWaitIsOnUnlessTheUserChoseAndHugePagesAreTheUsersChoice() {
		TorchRuntime.engine();
		// NB: native code reads the C environment, where punet put it (Java's copy of the environment does not change)
		Map<String, String> env = System.getenv();
		assertEquals(env.getOrDefault("OMP_WAIT_POLICY", "PASSIVE"), TorchRuntime.cGetenv("OMP_WAIT_POLICY"));
		assertEquals(env.get("THP_MEM_ALLOC_ENABLE"), TorchRuntime.cGetenv("THP_MEM_ALLOC_ENABLE"), "not set by punet (RSS grows with it)");
		// NB: where the user turned huge pages on, free heap memory goes back to the kernel every 30 s
		assertEquals(NativeMemory.hugePagesInForce() && com.sun.jna.Platform.isLinux(), NativeMemory.trimming());
		Map<String, Object> facts = RuntimeFacts.hugePages();
		assertEquals(NativeMemory.hugePagesInForce(), facts.get("in_force"));
	}

	@Test
	void theTrimPeriodIsWholeSecondsOrRefused() {
		assertEquals(NativeMemory.DEFAULT_PERIOD_SECONDS, NativeMemory.periodSeconds(null));
		assertEquals(NativeMemory.DEFAULT_PERIOD_SECONDS, NativeMemory.periodSeconds(" "));
		assertEquals(0, NativeMemory.periodSeconds("0"));
		assertEquals(5, NativeMemory.periodSeconds(" 5 "));
		for (String bad : new String[] {"-1", "2.5", "soon", "86401"}) {
			PunetException e = assertThrows(PunetException.class, () -> NativeMemory.periodSeconds(bad));
			assertTrue(e.getMessage().startsWith("PUNET_MALLOC_TRIM_S=" + bad + ": give whole seconds"), e.getMessage());
		}
		long before = NativeMemory.trims();
		NativeMemory.trim(); // NB: true only when something was handed back
		assertEquals(before + (com.sun.jna.Platform.isLinux() ? 1 : 0), NativeMemory.trims(), "glibc's malloc_trim was called");
	}

	@Test
	void largeTensorsGetHugePagesWhenTheUserAsks() throws Exception {
		String mode = RuntimeFacts.transparentHugepages();
		org.junit.jupiter.api.Assumptions.assumeTrue(mode != null && !mode.equals("never"), "transparent huge pages: " + mode);
		// NB: a new process, as a punet run starts: libtorch reads the variable at its first allocation
		assertTrue(Long.parseLong(hugePagesOfA256MibTensor("1")) >= 64 * 1024, "kB of huge pages with THP_MEM_ALLOC_ENABLE=1");
		if (mode.equals("madvise")) assertEquals("0", hugePagesOfA256MibTensor(null), "none by default");
	}

	/** Runs {@link HugePagesProbe} in a new JVM (the variable unset, or set to {@code value}); its kB of huge pages. */
	private static String hugePagesOfA256MibTensor(String value) throws Exception {
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-Dai.djl.offline=true", "-cp", cp, HugePagesProbe.class.getName()).redirectErrorStream(true);
		pb.environment().remove("THP_MEM_ALLOC_ENABLE");
		if (value != null) pb.environment().put("THP_MEM_ALLOC_ENABLE", value);
		Process p = pb.start();
		String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, out);
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("huge pages kB: (\\d+)").matcher(out);
		assertTrue(m.find(), out);
		return m.group(1);
	}

	@Test
	void theBundledBridgeDeclaresItsLibtorchVersion() {
		// NB: the pytorch-jni jar on the class path says which libtorch its bridge was built against
		assertTrue(TorchRuntime.bridgeVersion().matches("\\d+\\.\\d+\\.\\d+"), TorchRuntime.bridgeVersion());
	}

	@Test
	void flavourFollowsTheFolder() throws Exception {
		assertEquals("cpu", TorchRuntime.inferFlavor(libtorch("cpu", false)));
		assertEquals(TorchRuntime.CUDA_FLAVOR, TorchRuntime.inferFlavor(libtorch("gpu", true)));
	}

	@Test
	void configureSetsFlavourAndVersionOnlyWhenUnset() throws Exception {
		Path gpu = libtorch("gpu", true);
		Properties p = new Properties();
		assertEquals(TorchRuntime.CUDA_FLAVOR, TorchRuntime.configure(Collections.emptyMap(), p, gpu, "2.7.1"));
		assertEquals(TorchRuntime.CUDA_FLAVOR, p.getProperty(TorchRuntime.FLAVOR));
		assertEquals("2.7.1", p.getProperty(TorchRuntime.VERSION));

		Map<String, String> env = new HashMap<>();
		env.put(TorchRuntime.FLAVOR, "cpu");
		env.put(TorchRuntime.VERSION, "2.7.1");
		Properties q = new Properties();
		assertEquals("cpu", TorchRuntime.configure(env, q, gpu, "2.7.1"));
		assertNull(q.getProperty(TorchRuntime.FLAVOR));
		assertNull(q.getProperty(TorchRuntime.VERSION));
	}

	@Test
	void findsTheFolderAsDjlDoes() throws Exception {
		Path cpu = libtorch("cpu", false);
		Path gpu = libtorch("gpu", true);
		Map<String, String> env = new HashMap<>();
		env.put(TorchRuntime.LIBRARY_PATH, tmp.resolve("missing") + File.pathSeparator + gpu);
		assertEquals(gpu, TorchRuntime.localLibtorch(env, cpu.toString()));
		assertEquals(cpu, TorchRuntime.localLibtorch(Collections.emptyMap(), "/nowhere" + File.pathSeparator + cpu));
		assertEquals(gpu, TorchRuntime.firstLibtorchFolder(gpu.resolve(System.mapLibraryName("torch")).toString()));
		assertNull(TorchRuntime.localLibtorch(Collections.emptyMap(), tmp.toString()));
	}

	@Test
	void readsTheVersionOfAWheelOrAZip() throws Exception {
		Path wheel = libtorch("torch", true);
		Files.write(wheel.getParent().resolve("version.py"),
				"from typing import Optional\n__version__ = '2.7.1+cu128'\ngit_version = 'x'\n".getBytes("UTF-8"));
		assertEquals("2.7.1+cu128", TorchRuntime.declaredVersion(wheel));
		Path zip = libtorch("libtorch", false);
		Files.write(zip.getParent().resolve("build-version"), "2.11.0+cpu\n".getBytes("UTF-8"));
		assertEquals("2.11.0+cpu", TorchRuntime.declaredVersion(zip));
		assertNull(TorchRuntime.declaredVersion(libtorch("bare", false)));
	}

	@Test
	void refusesAnotherVersionWithWhatToInstall() throws Exception {
		Path zip = libtorch("libtorch", true);
		Files.write(zip.getParent().resolve("build-version"), "2.11.0+cu130\n".getBytes("UTF-8"));
		PunetException e = assertThrows(PunetException.class, () -> TorchRuntime.check(Collections.emptyMap(), zip, "2.7.1", "cu128"));
		assertTrue(e.getMessage().contains("version 2.11.0+cu130") && e.getMessage().contains("needs 2.7.1")
				&& e.getMessage().contains("pip install torch==2.7.1"), e.getMessage());

		Path ok = libtorch("ok", true);
		Files.write(ok.getParent().resolve("build-version"), "2.7.1+cu128\n".getBytes("UTF-8"));
		TorchRuntime.check(Collections.emptyMap(), ok, "2.7.1", "cu128");
		Map<String, String> env = Collections.singletonMap(TorchRuntime.VERSION, "2.5.1");
		e = assertThrows(PunetException.class, () -> TorchRuntime.check(env, ok, "2.7.1", "cu128"));
		assertTrue(e.getMessage().startsWith("PYTORCH_VERSION=2.5.1"), e.getMessage());
		e = assertThrows(PunetException.class, () -> TorchRuntime.check(Collections.emptyMap(), ok, "2.7.1", "cu124"));
		assertTrue(e.getMessage().startsWith("PYTORCH_FLAVOR=cu124"), e.getMessage());
	}

	@Test
	void loadFailuresSayWhatToCheck() throws Exception {
		Exception cause = new IllegalStateException("Failed to load PyTorch native library",
				new UnsatisfiedLinkError("libtorch.so: invalid ELF header"));
		String local = TorchRuntime.loadFailure(libtorch("bad", false), "2.7.1", cause);
		assertTrue(local.contains("invalid ELF header") && local.contains("libtorch 2.7.1") && local.contains("remove it"), local);
		String bundled = TorchRuntime.loadFailure(null, "2.7.1", cause);
		assertTrue(bundled.contains("linux-x86_64") && bundled.contains("DJL_CACHE_DIR"), bundled);
	}

	@Test
	void gpuRefusalNamesTheFix() throws Exception {
		assertTrue(Devices.noGpu(null).contains("PYTORCH_LIBRARY_PATH"), Devices.noGpu(null));
		assertTrue(Devices.noGpu(libtorch("cpu", false)).contains("is a CPU build"));
		assertTrue(Devices.noGpu(libtorch("gpu", true)).contains("nvidia-smi"));
	}
}
