package io.github.punetfiji.model.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands memory that libtorch freed back to the kernel while huge pages are on.
 *
 * <p>With {@code THP_MEM_ALLOC_ENABLE=1} libtorch asks for transparent huge pages ({@code madvise}) on every
 * block of 2 MiB or more; a training step then faults in a tenth of the pages and runs about twice as fast
 * (docs/bench.md). But most such blocks come from the C library's heaps, which keep freed blocks for reuse, and
 * the kernel's {@code khugepaged} fills the huge-page ranges of those heaps back to whole 2 MiB pages — free
 * memory included — a few ranges every ten seconds: the resident size of a long training grew without bound
 * (about 0.6 MB a step for the {@code small} preset). Calling glibc's {@code malloc_trim(0)} every
 * {@value #DEFAULT_PERIOD_SECONDS} s ({@value #PERIOD_VARIABLE} sets another period; 0 = never) hands that free
 * memory back; measured, it slows the growth but does not stop it (docs/bench.md), which is why punet does not
 * turn huge pages on by itself.
 *
 * <p>Does nothing where the C library has no {@code malloc_trim} (not glibc) or huge pages are not in force.
 */
public final class NativeMemory {
	/** The variable that sets how often free memory is handed back, in seconds; 0 = never. */
	public static final String PERIOD_VARIABLE = "PUNET_MALLOC_TRIM_S";
	/**
	 * How often free memory is handed back by default: often enough that khugepaged refills little in between
	 * (it collapses a few 2 MiB ranges per ten seconds), rarely enough that refaulting what was handed back costs
	 * little.
	 */
	static final long DEFAULT_PERIOD_SECONDS = 30;
	private static final AtomicLong TRIMS = new AtomicLong();
	private static Thread trimmer;
	private static long period;

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
			TRIMS.incrementAndGet(); // NB: counted only where the call was made
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
	 * Starts the daemon thread that {@link #trim() trims} every {@link #periodSeconds} seconds, once per process,
	 * if huge pages are in force and the C library has {@code malloc_trim}. {@link TorchRuntime#engine()} calls it.
	 *
	 * @return whether the thread runs
	 */
	static synchronized boolean startTrimmingIfHugePages() {
		if (trimmer != null) return true;
		long seconds = periodSeconds(System.getenv(PERIOD_VARIABLE));
		if (seconds == 0 || !hugePagesInForce() || !hasMallocTrim()) return false;
		period = seconds;
		Thread t = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Thread.sleep(seconds * 1000);
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

	/** The trimming thread's period in seconds, or 0 when it does not run. */
	public static synchronized long period() {
		return trimming() ? period : 0;
	}

	/**
	 * The period that {@value #PERIOD_VARIABLE} asks for: its whole seconds (0 = never), {@link #DEFAULT_PERIOD_SECONDS}
	 * when unset; a value that is not a whole number of seconds from 0 to one day is refused.
	 */
	static long periodSeconds(String value) {
		if (value == null || value.isBlank()) return DEFAULT_PERIOD_SECONDS;
		try {
			long s = Long.parseLong(value.trim());
			if (s >= 0 && s <= 86_400) return s;
		} catch (NumberFormatException e) {
			// refused below
		}
		throw new io.github.punetfiji.PunetException(
				PERIOD_VARIABLE + "=" + value + ": give whole seconds from 0 (never) to 86400, or unset it for " + DEFAULT_PERIOD_SECONDS);
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
