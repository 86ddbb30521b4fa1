package io.github.punetfiji.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Native work on a thread of glibc's main arena, with freed memory kept for reuse ({@link EngineThread}, {@link NativeMemory}). */
class EngineThreadTest {
	private static boolean onEngineThread() {
		return EngineThread.state().startsWith("on") && Thread.currentThread().getName().startsWith("punet-engine-");
	}

	@Test
	void onGlibcJobsRunOnTheMainArenaWithTheCallersClassLoaderAndGiveBackResultsAndErrors() {
		Map<String, String> env = System.getenv();
		boolean expected = NativeMemory.glibc() && !env.containsKey(NativeMemory.MALLOC_VARIABLE) && !env.containsKey("GLIBC_TUNABLES")
				&& !env.containsKey("MALLOC_ARENA_MAX");
		assertEquals(expected, EngineThread.state().startsWith("on glibc's main arena"), EngineThread.state());
		if (expected) assertTrue(NativeMemory.keeping(), NativeMemory.freedMemory());
		ClassLoader mine = new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader());
		ClassLoader previous = Thread.currentThread().getContextClassLoader();
		Thread.currentThread().setContextClassLoader(mine);
		try {
			String where = EngineThread.call(() -> {
				assertSame(mine, Thread.currentThread().getContextClassLoader());
				if (expected) assertEquals(Boolean.TRUE, EngineThread.onMainArena(), "the engine thread is served by the main arena");
				return Thread.currentThread().getName();
			});
			if (expected) assertTrue(where.startsWith("punet-engine-"), where);
		} finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
		PunetException e = assertThrows(PunetException.class, () -> EngineThread.call(() -> {
			throw new PunetException("bad input");
		}));
		assertEquals("bad input", e.getMessage(), "the job's own exception, not a wrapper");
		assertThrows(AssertionError.class, () -> EngineThread.run(() -> {
			throw new AssertionError("an error");
		}));
		assertEquals(7, EngineThread.call(() -> EngineThread.call(() -> 7)), "a job that calls again runs inline");
	}

	@Test
	void aSecondJobWhileTheFirstRunsRunsOnItsCallersThread() throws Exception {
		CountDownLatch started = new CountDownLatch(1), release = new CountDownLatch(1);
		AtomicReference<String> first = new AtomicReference<>();
		Thread t = new Thread(() -> EngineThread.run(() -> {
			first.set(Thread.currentThread().getName());
			started.countDown();
			try {
				release.await(30, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}));
		t.start();
		assertTrue(started.await(30, TimeUnit.SECONDS));
		try {
			assertSame(Thread.currentThread(), EngineThread.call(Thread::currentThread), "no waiting for another job");
		} finally {
			release.countDown();
			t.join(30_000);
		}
		if (EngineThread.state().startsWith("on")) assertTrue(first.get().startsWith("punet-engine-"), first.get());
	}

	@Test
	void theCallersInterruptReachesTheJobAndTheCallWaitsForItsEnd() throws Exception {
		if (!EngineThread.state().startsWith("on")) return; // NB: without an engine thread the job runs on the caller: nothing to pass on
		CountDownLatch started = new CountDownLatch(1);
		AtomicReference<String> outcome = new AtomicReference<>();
		AtomicReference<Boolean> callerStillInterrupted = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			outcome.set(EngineThread.call(() -> {
				started.countDown();
				try {
					Thread.sleep(30_000);
					return "slept";
				} catch (InterruptedException e) {
					Thread.sleep(200); // NB: what a stopped training does: save, then return
					return "saved after the interrupt";
				}
			}));
			callerStillInterrupted.set(Thread.currentThread().isInterrupted());
		});
		caller.start();
		assertTrue(started.await(30, TimeUnit.SECONDS));
		caller.interrupt();
		caller.join(30_000);
		assertEquals("saved after the interrupt", outcome.get());
		assertEquals(Boolean.TRUE, callerStillInterrupted.get(), "the caller keeps its interrupt");
		assertEquals("next", EngineThread.call(() -> {
			assertTrue(!Thread.currentThread().isInterrupted(), "the interrupt does not reach the next job");
			return "next";
		}));
	}

	@Test
	void freedMemoryIsTheUsersChoiceWhereTheySetIt() {
		assertTrue(NativeMemory.chooseFreedMemory(Map.of("PUNET_MALLOC", "glibc")).startsWith("glibc's defaults"));
		assertTrue(NativeMemory.chooseFreedMemory(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")).contains("GLIBC_TUNABLES"));
		assertTrue(NativeMemory.chooseFreedMemory(Map.of("MALLOC_ARENA_MAX", "2")).contains("MALLOC_ARENA_MAX"));
		PunetException e = assertThrows(PunetException.class, () -> NativeMemory.chooseFreedMemory(Map.of("PUNET_MALLOC", "jemalloc")));
		assertTrue(e.getMessage().startsWith("PUNET_MALLOC=jemalloc: give keep"), e.getMessage());
	}

	@Test
	void freedMemoryIsReusedNotFaultedInAgain() throws Exception {
		if (!NativeMemory.glibc()) return; // NB: the allocator settings are glibc's
		long pages = 4 * FreedMemoryProbe.PAGES_PER_ROUND;
		long kept = faultsOfTheLastRounds(null);
		long glibc = faultsOfTheLastRounds("glibc");
		assertTrue(glibc > pages / 2, "glibc's defaults fault each block in afresh: " + glibc + " faults for " + pages + " pages");
		assertTrue(kept < pages / 4, "kept for reuse: " + kept + " faults for " + pages + " pages (glibc's defaults: " + glibc + ")");
	}

	/** Runs {@link FreedMemoryProbe} in a new JVM, {@code PUNET_MALLOC} unset or {@code value}; the faults of its last rounds. */
	private static long faultsOfTheLastRounds(String value) throws Exception {
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-Dai.djl.offline=true", "-cp", cp, FreedMemoryProbe.class.getName()).redirectErrorStream(true);
		for (String v : new String[] {"PUNET_MALLOC", "GLIBC_TUNABLES", "MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_",
				"MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_", "THP_MEM_ALLOC_ENABLE"})
			pb.environment().remove(v);
		if (value != null) pb.environment().put("PUNET_MALLOC", value);
		Process p = pb.start();
		String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, out);
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("faults of the last 4 rounds: (\\d+)").matcher(out);
		assertTrue(m.find(), out);
		if (value == null) assertTrue(out.contains("engine thread: on glibc's main arena"), out);
		return Long.parseLong(m.group(1));
	}
}
