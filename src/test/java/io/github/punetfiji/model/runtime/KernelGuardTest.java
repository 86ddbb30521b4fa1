package io.github.punetfiji.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the guard chooses an instruction-set level: highest first, the first that passes, cached per CPU and
 * libtorch; a user's cap kept; refusal when nothing passes. The probes are faked here (a kernel that is
 * wrong above AVX2); one test runs a real child process, and on AMD Zen 5 one proves the default level fails.
 */
class KernelGuardTest {
	static final Set<String> ZEN5_FLAGS = Set.of("sse4_1", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq",
			"avx512_bf16");
	static final CpuInfo ZEN5 = new CpuInfo("amd64", "AuthenticAMD", "AMD EPYC", "26", "2", "1", ZEN5_FLAGS);

	@TempDir
	Path tmp;

	/** A prober whose kernels are wrong above AVX2, recording the levels it was asked for. */
	static final class WrongAboveAvx2 implements KernelGuard.Prober {
		final List<String> asked = new ArrayList<>();

		@Override
		public KernelGuard.Probe probe(String level) {
			asked.add(level);
			boolean ok = !level.equals(KernelGuard.DEFAULT) && !level.startsWith("AVX512");
			return new KernelGuard.Probe(true, ok, ok ? "passed" : "1 of 9 operations wrong, worst conv 24→8: max error 2.08");
		}
	}

	@Test
	void theHighestPassingLevelIsChosenAndCached() throws Exception {
		Path cache = tmp.resolve("kernel-check.json");
		WrongAboveAvx2 prober = new WrongAboveAvx2();
		KernelGuard.State s = KernelGuard.choose(Map.of(), ZEN5, "libtorch 2.7.1 bundled", cache, prober);
		assertEquals("AVX2", s.isa());
		assertEquals("probe", s.source());
		assertEquals(List.of("default", "AVX512_CORE", "AVX2"), prober.asked);
		assertTrue(s.reason().startsWith("at default: ") && s.reason().contains("2.08"), s.reason());
		assertEquals("passed", s.probes().get("AVX2"));
		assertTrue(Files.readString(cache).contains("\"isa\": \"AVX2\""), Files.readString(cache));

		KernelGuard.State again = KernelGuard.choose(Map.of(), ZEN5, "libtorch 2.7.1 bundled", cache, level -> {
			throw new AssertionError("a cached verdict needs no probe");
		});
		assertEquals("AVX2", again.isa());
		assertEquals("cache", again.source());
		assertEquals(s.reason(), again.reason());

		// another libtorch or another CPU is probed afresh
		WrongAboveAvx2 other = new WrongAboveAvx2();
		KernelGuard.choose(Map.of(), ZEN5, "libtorch 2.7.1 /opt/torch/lib/libtorch_cpu.so cpu", cache, other);
		assertEquals(3, other.asked.size());
	}

	@Test
	void aUsersCapIsKeptAndTheCheckCanBeSwitchedOff() {
		KernelGuard.Prober never = level -> {
			throw new AssertionError("no probe when the user chose");
		};
		KernelGuard.State user = KernelGuard.choose(Map.of("DNNL_MAX_CPU_ISA", "AVX2"), ZEN5, "x", tmp.resolve("c.json"), never);
		assertEquals("AVX2", user.isa());
		assertEquals("user", user.source());
		assertEquals("SSE41", KernelGuard.choose(Map.of("ONEDNN_MAX_CPU_ISA", "SSE41"), ZEN5, "x", tmp.resolve("c.json"), never).isa());
		KernelGuard.State off = KernelGuard.choose(Map.of("PUNET_KERNEL_CHECK", "off"), ZEN5, "x", tmp.resolve("c.json"), never);
		assertEquals("off", off.source());
		assertEquals(null, off.verdict(), "verify() still has to warn that nothing is checked");
		PunetException e = assertThrows(PunetException.class,
				() -> KernelGuard.choose(Map.of("PUNET_KERNEL_CHECK", "maybe"), ZEN5, "x", tmp.resolve("c.json"), never));
		assertTrue(e.getMessage().contains("on|warn|off"), e.getMessage());
	}

	@Test
	void nothingPassingIsRefusedAndNoChildMeansTheInProcessCheckDecides() {
		PunetException e = assertThrows(PunetException.class, () -> KernelGuard.choose(Map.of(), ZEN5, "x", tmp.resolve("c.json"),
				level -> new KernelGuard.Probe(true, false, "conv wrong")));
		assertTrue(e.getMessage().contains("every instruction-set level") && e.getMessage().contains("SSE41")
				&& e.getMessage().contains("nothing was computed"), e.getMessage());
		assertFalse(Files.exists(tmp.resolve("c.json")), "a refusal is not cached");
		KernelGuard.State s = KernelGuard.choose(Map.of(), ZEN5, "x", tmp.resolve("c.json"),
				level -> new KernelGuard.Probe(false, false, "no java"));
		assertEquals("unprobed", s.source());
		assertEquals(KernelGuard.DEFAULT, s.isa());
	}

	@Test
	void levelsFollowTheCpusFeatures() {
		assertEquals(List.of("default", "AVX512_CORE", "AVX2", "AVX", "SSE41"), KernelGuard.candidates(ZEN5));
		CpuInfo haswell = new CpuInfo("amd64", "GenuineIntel", "Xeon", "6", "63", "2", Set.of("sse4_1", "avx", "avx2", "fma"));
		assertEquals(List.of("default", "AVX2", "AVX", "SSE41"), KernelGuard.candidates(haswell));
		assertEquals(List.of("default"), KernelGuard.candidates(new CpuInfo("aarch64", "?", "?", "?", "?", "?", Set.of())));
	}

	@Test
	void cpuInfoReadsTheFirstProcessor() throws Exception {
		Path f = tmp.resolve("cpuinfo");
		Files.writeString(f,
				"processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\nstepping\t: 1\n"
						+ "flags\t\t: fpu sse4_1 avx avx2 avx512f\n\nprocessor\t: 1\nmodel name\t: other\n");
		CpuInfo c = CpuInfo.parse("amd64", f);
		assertEquals("AMD EPYC", c.name());
		assertEquals("26", c.family());
		assertTrue(c.has("avx2", "avx512f") && !c.has("avx512bw"));
		assertEquals("AMD EPYC, family 26 model 2", c.describe());
	}

	@Test
	void aChildProcessChecksTheLevelItWasStartedWith() {
		// NB: the product's probes run the full check; the quick one proves the same mechanism in a test's time
		KernelGuard.Probe p = KernelGuard.childProber(KernelSelfCheck.Scope.QUICK).probe("SSE41");
		assertTrue(p.ran(), p.summary());
		assertTrue(p.passed(), p.summary());
	}

	@Test
	void onAmdZen5TheDefaultKernelsAreWrong() {
		CpuInfo cpu = CpuInfo.read();
		Assumptions.assumeTrue(cpu.vendor().equals("AuthenticAMD") && cpu.family().equals("26") && cpu.has("avx512f"),
				"not a Zen 5 CPU: " + cpu.describe());
		KernelGuard.Probe p = KernelGuard.childProber(KernelSelfCheck.Scope.QUICK).probe(KernelGuard.DEFAULT);
		assertTrue(p.ran(), p.summary());
		assertFalse(p.passed(), "libtorch 2.7.1's AVX-512 convolutions compute wrong results on Zen 5: " + p.summary());
		assertTrue(p.summary().contains("conv"), p.summary());
		TorchRuntime.engine();
		assertFalse("default".equals(KernelGuard.state().isa()), "this process runs capped: " + KernelGuard.state());
	}
}
