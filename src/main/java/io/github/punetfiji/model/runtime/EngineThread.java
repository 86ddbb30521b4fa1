package io.github.punetfiji.model.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The thread that runs PUNet's native work, chosen so that libtorch's memory is reused instead of faulted in afresh.
 *
 * <p>libtorch's CPU allocator takes every tensor from the C library's {@code malloc} and gives it back at once. glibc
 * hands blocks over 32 MiB (the largest activations, and the im2col buffers of the gemm-based convolutions that the
 * kernel guard's {@code AVX} cap leaves) to the kernel as fresh mappings and unmaps them when freed, so every
 * training step faults in and zeroes hundreds of MiB again, 4 KiB at a time: a {@code 2d} step spent as long in the
 * kernel as in arithmetic (docs/bench.md). {@link NativeMemory#keepFreedMemory()} tells glibc to keep what it frees
 * instead, but only the <em>main</em> arena (the one that grows with {@code brk}) can hold blocks larger than 64 MiB:
 * the other arenas' heaps are 64 MiB reservations, so such blocks are mapped afresh there whatever glibc is told.
 * Which arena a thread allocates from is glibc's choice, made when the thread first calls {@code malloc}, and a JVM's
 * threads (a Fiji command's, the CLI's {@code main}) are rarely on the main arena.
 *
 * <p>So this class starts threads until one of them is served by the main arena (a block's header says which: glibc
 * marks chunks of other arenas with {@code NON_MAIN_ARENA}; when all arenas exist glibc hands them out in turn,
 * beginning with the main one), keeps that thread, and {@link #call runs} the native work on it: a job submitted by
 * any thread runs there when the thread is free, and on the caller's own thread when another job has it (so two Fiji
 * commands never wait for each other). Where no such thread is found (another C library, or glibc internals that
 * changed) every job runs on its caller's thread, as before: slower, never different. Results are the same on any
 * thread; only where memory comes from changes.
 */
public final class EngineThread {
	private static final int NON_MAIN_ARENA = 0x4;

	private static final Semaphore FREE = new Semaphore(1);
	private static volatile Worker worker;
	private static volatile boolean searched;
	private static volatile String state = "not started";

	private EngineThread() {}

	/**
	 * Runs {@code job} on the engine thread when it is free (and exists), otherwise on this thread; returns its result
	 * and throws what it throws. An interrupt of the caller is passed on to the engine thread, and the call still waits
	 * for the job to end (so that what it does on being interrupted, e.g. saving a stopped model, is not cut short).
	 */
	public static <T> T call(Callable<T> job) {
		Worker w = worker();
		if (w == null || Thread.currentThread() == w.thread || !FREE.tryAcquire()) return callHere(job);
		try {
			CompletableFuture<T> f = new CompletableFuture<>();
			ClassLoader loader = Thread.currentThread().getContextClassLoader();
			w.jobs.add(() -> {
				Thread t = Thread.currentThread();
				ClassLoader previous = t.getContextClassLoader();
				t.setContextClassLoader(loader); // NB: DJL and SciJava find services through it
				try {
					f.complete(job.call());
				} catch (Throwable e) {
					f.completeExceptionally(e);
				} finally {
					NativeMemory.handBack();
					t.setContextClassLoader(previous);
					Thread.interrupted(); // NB: an interrupt meant for this job must not reach the next one
				}
			});
			boolean interrupted = false;
			while (true) {
				try {
					T result = f.get();
					if (interrupted) Thread.currentThread().interrupt();
					return result;
				} catch (InterruptedException e) {
					interrupted = true;
					w.thread.interrupt();
				} catch (ExecutionException e) {
					if (interrupted) Thread.currentThread().interrupt();
					throw rethrow(e.getCause());
				}
			}
		} finally {
			FREE.release();
		}
	}

	/** {@link #call} for work without a result. */
	public static void run(Runnable job) {
		call(() -> {
			job.run();
			return null;
		});
	}

	/** Whether an engine thread on glibc's main arena runs, and if not why: for the reports. */
	public static String state() {
		worker();
		return state;
	}

	/** Whether the calling thread's {@code malloc} is served by glibc's main arena; null where that cannot be told. */
	public static Boolean onMainArena() {
		try {
			com.sun.jna.Pointer p = NativeMemory.LibC.INSTANCE.malloc(64);
			if (p == null) return null;
			try {
				return (p.getLong(-8) & NON_MAIN_ARENA) == 0;
			} finally {
				NativeMemory.LibC.INSTANCE.free(p);
			}
		} catch (RuntimeException | LinkageError e) {
			return null;
		}
	}

	private static <T> T callHere(Callable<T> job) {
		try {
			return job.call();
		} catch (Exception e) {
			throw rethrow(e);
		}
	}

	private static RuntimeException rethrow(Throwable e) {
		if (e instanceof RuntimeException r) throw r;
		if (e instanceof Error r) throw r;
		throw new IllegalStateException(e);
	}

	private static Worker worker() {
		if (searched) return worker;
		synchronized (EngineThread.class) {
			if (searched) return worker;
			NativeMemory.keepFreedMemory();
			if (!NativeMemory.keeping()) {
				state = "off (freed memory: " + NativeMemory.freedMemory() + ")";
			} else {
				worker = find();
				state = worker != null
						? "on glibc's main arena (" + worker.thread.getName() + ")"
						: "off (no thread on glibc's main arena found)";
			}
			searched = true;
			return worker;
		}
	}

	/**
	 * Starts threads until one is served by the main arena; the others end once it is found (their arenas go back to
	 * glibc's free list).
	 */
	private static Worker find() {
		List<Worker> tried = new ArrayList<>();
		Worker found = null;
		try {
			int probes = maxProbes();
			for (int i = 0; i < probes && found == null; i++) {
				Worker w = new Worker(i);
				tried.add(w);
				Boolean main = w.probe();
				if (main == null) break;
				if (main) found = w;
			}
		} finally {
			for (Worker w : tried) if (w != found) w.thread.interrupt();
		}
		return found;
	}

	/**
	 * How many threads are tried before giving up: glibc makes a new arena for each new thread until it has 8 per CPU, and
	 * then hands the existing ones out in turn, the main arena first; so 8 per CPU and some to spare.
	 */
	static int maxProbes() {
		int cpus = Runtime.getRuntime().availableProcessors();
		try {
			cpus = Math.max(cpus, NativeMemory.LibC.INSTANCE.get_nprocs()); // NB: glibc counts the CPUs, not a container's quota
		} catch (RuntimeException | LinkageError e) {
			// NB: Java's count
		}
		return Math.min(8 * cpus + 64, 8_256);
	}

	private static final class Worker {
		final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
		final Thread thread;
		private final CompletableFuture<Boolean> arena = new CompletableFuture<>();

		Worker(int i) {
			thread = new Thread(() -> {
				arena.complete(onMainArena());
				while (true) {
					Runnable job;
					try {
						job = jobs.take();
					} catch (InterruptedException e) {
						if (arena.getNow(Boolean.FALSE) == Boolean.TRUE) continue; // NB: the engine thread outlives a job's interrupt
						return;
					}
					job.run();
				}
			}, "punet-engine-" + i);
			thread.setDaemon(true);
			thread.start();
		}

		Boolean probe() {
			try {
				return arena.get(10, TimeUnit.SECONDS);
			} catch (Exception e) {
				return null;
			}
		}
	}
}
