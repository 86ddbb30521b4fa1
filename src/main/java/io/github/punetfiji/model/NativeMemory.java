package io.github.punetfiji.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands memory that libtorch freed back to the kernel while huge pages are on.
 *
 * <p>With {@code THP_MEM_ALLOC_ENABLE=1} libtorch asks for transparent huge pages ({@code madvise}) on every
 * block of 2 MiB or more; a training step then faults in a tenth of the pages and runs about twice as fast
 * (docs/bench.md). But most such blocks come from the C library's heaps, which keep freed blocks for reuse, and
 * the kernel's {@code khugepaged} fills the huge-page ranges of those heaps back to whole 2 MiB pages — free
 * memory included — a few ranges every ten seconds: the resident size of a long training grew without bound
 * (about 0.6 MB a step for the {@code small} preset). Calling glibc's {@code malloc_trim(0)} every few seconds
 * gives that free memory back before it accumulates, so the process keeps its working set and no more.
 *
 * <p>Does nothing where the C library has no {@code malloc_trim} (not glibc) or huge pages are not in force.
 */
public final class NativeMemory {
	/** How often free memory is handed back while huge pages are on. */
	static final long TRIM_PERIOD_MILLIS = 5_000;
	private static final AtomicLong TRIMS = new AtomicLong();
	private static Thread trimmer;

	private NativeMemory() {}

	/**
	 * Whether libtorch gives its large blocks huge pages in this process: {@code THP_MEM_ALLOC_ENABLE} is 1 in
	 * the C environment (set by the user, or by punet) and the kernel's mode is not {@code never}.
	 */
	public static boolean hugePagesInForce() {
		String v = TorchRuntime.cGetenv(TorchRuntime.THP_MEM_ALLOC_ENABLE);
		String mode = RuntimeFacts.transparentHugepages();
		return v != null && (v.trim().equals("1") || v.trim().equalsIgnoreCase("true")) && mode != null && !mode.equals("never");
	}

	/**
	 * Returns the free memory of the C library's heaps to the kernel ({@code malloc_trim(0)}).
	 *
	 * @return whether anything was returned; false also where there is no {@code malloc_trim}
	 */
	public static boolean trim() {
		try {
			boolean r = LibC.INSTANCE.malloc_trim(0) != 0;
			TRIMS.incrementAndGet();
			return r;
		} catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	/** How many times {@link #trim()} ran in this process. */
	public static long trims() {
		return TRIMS.get();
	}

	/**
	 * Starts the daemon thread that {@link #trim() trims} every {@link #TRIM_PERIOD_MILLIS} ms, once per process,
	 * if huge pages are in force and the C library has {@code malloc_trim}. {@link TorchRuntime#engine()} calls it.
	 *
	 * @return whether the thread runs
	 */
	static synchronized boolean startTrimmingIfHugePages() {
		if (trimmer != null) return true;
		if (!hugePagesInForce() || !hasMallocTrim()) return false;
		Thread t = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Thread.sleep(TRIM_PERIOD_MILLIS);
				} catch (InterruptedException e) {
					return;
				}
				trim();
			}
		}, "punet-return-free-memory");
		t.setDaemon(true);
		t.setPriority(Thread.MIN_PRIORITY);
		t.start();
		trimmer = t;
		return true;
	}

	/** Whether the trimming thread runs in this process. */
	public static synchronized boolean trimming() {
		return trimmer != null && trimmer.isAlive();
	}

	private static boolean hasMallocTrim() {
		if (!com.sun.jna.Platform.isLinux()) return false;
		try {
			com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim");
			return true;
		} catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	private interface LibC extends com.sun.jna.Library {
		LibC INSTANCE = com.sun.jna.Native.load("c", LibC.class);

		int malloc_trim(long pad);
	}
}
