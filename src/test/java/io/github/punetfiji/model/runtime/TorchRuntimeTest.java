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
		// NB: native code reads the C environment, where punet put them (Java's copy of the environment does not change)
		Map<String, String> env = System.getenv();
		assertEquals(env.getOrDefault("OMP_WAIT_POLICY", "PASSIVE"), TorchRuntime.cGetenv("OMP_WAIT_POLICY"));
		assertEquals(env.get("THP_MEM_ALLOC_ENABLE"), TorchRuntime.cGetenv("THP_MEM_ALLOC_ENABLE"), "not set by punet (RSS grows with it)");
		// NB: wherever the user turned huge pages on (Linux), the heaps lose the huge-page advice every few seconds
		assertEquals(NativeMemory.hugePagesInForce() && com.sun.jna.Platform.isLinux(), NativeMemory.sweeping());
		Map<String, Object> facts = RuntimeFacts.hugePages();
		assertEquals(NativeMemory.hugePagesInForce(), facts.get("in_force"));
		assertEquals(NativeMemory.sweeping() ? NativeMemory.period() : null, facts.get("heaps_without_huge_pages_every_s"));
	}

	@Test
	void theSweepPeriodIsWholeSecondsOrRefused() {
		assertEquals(NativeMemory.DEFAULT_PERIOD_SECONDS, NativeMemory.periodSeconds(null));
		assertEquals(NativeMemory.DEFAULT_PERIOD_SECONDS, NativeMemory.periodSeconds(" "));
		assertEquals(0, NativeMemory.periodSeconds("0"));
		assertEquals(30, NativeMemory.periodSeconds(" 30 "));
		for (String bad : new String[] {"-1", "2.5", "soon", "3601"}) {
			PunetException e = assertThrows(PunetException.class, () -> NativeMemory.periodSeconds(bad));
			assertTrue(e.getMessage().startsWith("PUNET_HEAP_SWEEP_S=" + bad + ": give whole seconds"), e.getMessage());
		}
	}

	@Test
	void heapsAreFoundByTheirHeaderOnA64MibBoundary() throws Exception {
		java.util.List<long[]> maps = NativeMemory.anonymousReadWrite(java.util.List.of(
				"00400000-00800000 rw-p 00000000 00:00 0                          [heap]",
				"04000000-04800000 rw-p 00000000 00:00 0 ",
				"04800000-05000000 rw-p 00000000 00:00 0 ",
				"05000000-08000000 ---p 00000000 00:00 0 ",
				"0c000000-0c200000 rw-p 00000000 00:00 0 ",
				"10000000-10100000 r--p 00000000 08:01 42                         /usr/lib/libc.so.6",
				"14000000-14100000 rw-p 00000000 08:01 42                         /usr/lib/libc.so.6"));
		assertEquals(4, maps.size(), "anonymous read-write mappings and [heap] only");
		assertEquals(1, maps.get(0)[2], "[heap] is the main arena");
		// a file standing in for /proc/self/mem: a heap header at 64 MiB (size 12 MiB), none at 192 MiB
		Path mem = tmp.resolve("mem");
		try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(mem, java.nio.file.StandardOpenOption.CREATE_NEW,
				java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.SPARSE)) {
			long heap = 0x4000000L;
			java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.nativeOrder());
			b.putLong(heap + 32).putLong(0).putLong(12L << 20).putLong(12L << 20).flip();
			ch.write(b, heap);
			java.nio.ByteBuffer junk = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.nativeOrder());
			junk.putLong(1).putLong(2).putLong(3).putLong(4).flip();
			ch.write(junk, 0xc000000L);
			assertEquals(12L << 20, NativeMemory.heapExtent(ch, maps.get(1), maps), "the header's size, covered by two mappings");
			assertEquals(0, NativeMemory.heapExtent(ch, maps.get(2), maps), "not on a boundary");
			assertEquals(0, NativeMemory.heapExtent(ch, maps.get(3), maps), "no plausible header");
		}
	}

	@Test
	void aSweepTakesTheHugePageAdviceOffTheHeaps() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(com.sun.jna.Platform.isLinux() && Files.isReadable(Path.of("/proc/self/smaps")),
				"Linux");
		// a block in one of glibc's heaps (small blocks never get their own mapping), advised as libtorch advises its large ones
		com.sun.jna.Memory block = new com.sun.jna.Memory(48 * 1024);
		long page = (com.sun.jna.Pointer.nativeValue(block) + 4095) & ~4095L;
		assertEquals(0, Advise.INSTANCE.madvise(new com.sun.jna.Pointer(page), 8192, 14), "MADV_HUGEPAGE");
		assertTrue(flagsAt(page).contains("hg"), flagsAt(page));
		assertTrue(NativeMemory.sweep() >= 1, "at least one heap found");
		assertTrue(!flagsAt(page).contains("hg") && flagsAt(page).contains("nh"), flagsAt(page));
		block.close();
	}

	private interface Advise extends com.sun.jna.Library {
		Advise INSTANCE = com.sun.jna.Native.load("c", Advise.class);

		int madvise(com.sun.jna.Pointer addr, long length, int advice);
	}

	/** The VmFlags of the mapping that holds {@code address}, from /proc/self/smaps. */
	private static String flagsAt(long address) throws Exception {
		boolean inside = false;
		for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
			if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
				String[] ab = line.substring(0, line.indexOf(' ')).split("-");
				inside = Long.parseUnsignedLong(ab[0], 16) <= address && address < Long.parseUnsignedLong(ab[1], 16);
			} else if (inside && line.startsWith("VmFlags:")) {
				return line;
			}
		}
		return "(no mapping)";
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
