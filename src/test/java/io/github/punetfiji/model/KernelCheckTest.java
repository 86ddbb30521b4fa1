package io.github.punetfiji.model;

import io.github.punetfiji.model.runtime.TorchRuntime;
import io.github.punetfiji.model.runtime.KernelGuard;
import io.github.punetfiji.model.runtime.KernelSelfCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The kernel check passes at the level the guard chose for this process, and catches a wrong result: every
 * native result altered by 1e-3 fails it, float rounding (1e-6) does not.
 */
class KernelCheckTest {
	@Test
	void passesAtTheLevelTheGuardChose() {
		TorchRuntime.engine();
		KernelCheck.Report r = KernelCheck.run(KernelSelfCheck.Scope.QUICK);
		assertTrue(r.passed(), r.summary());
		assertTrue(r.checked() > 50,
				"convolutions of the tiny network (2D and 3D, forward and gradients) and the attention ops: " + r.checked());
		assertTrue(KernelGuard.state().verdict().startsWith("passed"), KernelGuard.state().toString());
	}

	@Test
	void aWrongResultIsCaught() {
		TorchRuntime.engine();
		KernelCheck.Report wrong = KernelCheck.run(KernelSelfCheck.Scope.QUICK, a -> {
			float max = 1;
			for (float v : a) max = Math.max(max, Math.abs(v));
			a[a.length / 2] += 1e-3f * max; // NB: ten times the tolerance, relative to the values' scale
			return a;
		});
		assertFalse(wrong.passed());
		assertEquals(wrong.checked(), wrong.failures().size(), "every operation's altered result fails: " + wrong.summary());
		assertTrue(wrong.failures().stream().anyMatch(f -> f.op().startsWith("conv") && f.op().contains("input gradient")),
				wrong.summary());
		assertTrue(wrong.summary().startsWith("104 of 104".replace("104", Integer.toString(wrong.checked())))
				&& wrong.summary().contains("max error"), wrong.summary());
		KernelCheck.Report rounding = KernelCheck.run(KernelSelfCheck.Scope.QUICK, a -> {
			for (int i = 0; i < a.length; i++) a[i] += 1e-6f * Math.max(1f, Math.abs(a[i]));
			return a;
		});
		assertTrue(rounding.passed(), rounding.summary());
	}

	@Test
	void failFastStopsAtTheFirstWrongResult() {
		TorchRuntime.engine();
		KernelCheck.Report r = KernelCheck.run(KernelSelfCheck.Scope.QUICK, a -> {
			a[0] = Float.NaN;
			return a;
		}, true);
		assertEquals(1, r.failures().size());
		assertEquals(1, r.checked());
		assertFalse(r.complete());
		assertTrue(r.summary().startsWith("wrong: conv ") && r.summary().contains("Infinity"), r.summary());
	}

	@Test
	void theFullScopeCoversEveryPresetsConvolutions() {
		TorchRuntime.engine();
		try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
			java.util.List<NaiveKernels.Conv> quick = KernelCheck.convolutions(KernelSelfCheck.Scope.QUICK, m);
			java.util.List<NaiveKernels.Conv> full = KernelCheck.convolutions(KernelSelfCheck.Scope.FULL, m);
			assertTrue(full.size() > 3 * quick.size(), quick.size() + " vs " + full.size());
			// the 2d preset's widest decoder level (384 + 256 → 256) and a 3D stem convolution with a depth kernel
			assertTrue(full.stream().anyMatch(c -> c.in() == 640 && c.out() == 256), full.toString());
			assertTrue(full.stream().anyMatch(c -> c.kernel()[2] == 3 && c.size()[2] == 8), full.toString());
			// the 2D networks' W = 1 forms (depth 1, depth kernel 1), strided and 1×1×1
			assertTrue(quick.stream().anyMatch(c -> c.size()[2] == 1 && c.stride()[0] == 2 && c.kernel()[0] == 1), quick.toString());
		}
	}
}
