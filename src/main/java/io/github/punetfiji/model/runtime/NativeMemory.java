package io.github.punetfiji.model.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the C library treats libtorch's native memory: freed memory kept for reuse ({@link #keepFreedMemory()}, the
 * default, with {@link EngineThread}), handed back after a job ({@link #handBack()}), and libtorch's huge pages kept off
 * glibc's heaps while the user has turned them on (below).
 *
 * <p>With {@code THP_MEM_ALLOC_ENABLE=1} libtorch asks for transparent huge pages ({@code madvise(MADV_HUGEPAGE)})
 * on every block of 2 MiB or more: the largest blocks (im2col buffers and activations over glibc's 32 MiB mmap
 * threshold, a fresh mapping each time) then fault in 2 MiB at a time, and a {@code 2d} training step runs about
 * twice as fast (docs/bench.md). But the blocks under that threshold come from glibc's malloc heaps, and the advice
 * stays on their address range after libtorch frees them; the kernel's {@code khugepaged} then collapses those
 * ranges into whole 2 MiB pages, free memory included, a few every ten seconds. Handing the free memory back
 * ({@code malloc_trim}) was undone by the next collapse, and at a 5 s period refaulting it halved a {@code small}
 * run's steps per CPU second.
 *
 * <p>So while huge pages are in force a daemon thread takes the advice back from the heaps every
 * {@value #DEFAULT_PERIOD_SECONDS} s ({@code madvise(MADV_NOHUGEPAGE)} over each heap's used extent;
 * {@value #PERIOD_VARIABLE} sets another period, 0 = never): khugepaged leaves them alone and glibc reuses their
 * memory as without huge pages, while blocks above the mmap threshold keep their huge pages (libtorch advises each
 * when it is allocated; its mapping goes away when it is freed). Measured (docs/bench.md), this keeps the heaps'
 * huge-page memory low, but a long run's RSS still grows (about 0.6 MB a step for {@code small}): which is why
 * punet does not turn huge pages on by itself.
 *
 * <p>A heap is found in {@code /proc/self/maps} as glibc lays it out — the main arena's {@code [heap]}, and anonymous
 * read-write mappings that start on a 64 MiB boundary whose header (read through {@code /proc/self/mem}, which fails
 * cleanly on a mapping that just went away) gives a plausible used size. Taking the advice back from a mapping that
 * is not a heap is harmless: only the kernel's huge-page policy for that range changes. Does nothing off Linux,
 * where huge pages are not in force, or where the C library cannot be called.
 */
public final class NativeMemory {
	/** The variable that sets how often the heaps lose the huge-page advice, in seconds; 0 = never. */
	public static final String PERIOD_VARIABLE = "PUNET_HEAP_SWEEP_S";
	/** Often enough that khugepaged (a few 2 MiB ranges per ten seconds) collapses little in between; one pass takes a millisecond. */
	static final long DEFAULT_PERIOD_SECONDS = 5;
	/** glibc's HEAP_MAX_SIZE on 64-bit systems: each non-main arena heap is a reservation of this size and alignment. */
	private static final long HEAP_MAX = 64L << 20;
	private static final int MADV_NOHUGEPAGE = 15;
	private static final AtomicLong PASSES = new AtomicLong();
	private static final AtomicLong HEAPS = new AtomicLong();
	private static Thread sweeper;
	private static long period;

	private NativeMemory() {}

	/**
	 * Whether libtorch gives its large blocks huge pages in this process: {@code THP_MEM_ALLOC_ENABLE} is 1 in
	 * the C environment (the user's choice) and the kernel's mode is not {@code never}.
	 */
	public static boolean hugePagesInForce() {
		String v = TorchRuntime.cGetenv(TorchRuntime.THP_MEM_ALLOC_ENABLE);
		String mode = RuntimeFacts.transparentHugepages();
		return v != null && (v.trim().equals("1") || v.trim().equalsIgnoreCase("true")) && mode != null && !mode.equals("never");
	}

	/**
	 * Takes the huge-page advice back from the C library's heaps, once.
	 *
	 * @return how many heaps were found and advised; -1 where the maps could not be read or the C library not called
	 */
	public static int sweep() {
		List<long[]> maps;
		try {
			maps = anonymousReadWrite(Files.readAllLines(Path.of("/proc/self/maps")));
		} catch (IOException | RuntimeException e) {
			return -1;
		}
		int n = 0;
		try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "r")) {
			FileChannel ch = mem.getChannel();
			for (long[] m : maps) {
				long length = m[2] == 1 ? m[1] - m[0] : heapExtent(ch, m, maps);
				if (length <= 0) continue;
				if (LibC.INSTANCE.madvise(new com.sun.jna.Pointer(m[0]), length, MADV_NOHUGEPAGE) == 0) n++;
			}
		} catch (IOException | RuntimeException | LinkageError e) {
			return -1;
		}
		PASSES.incrementAndGet();
		HEAPS.addAndGet(n);
		return n;
	}

	/**
	 * The anonymous read-write mappings of a {@code /proc/PID/maps} listing as {start, end, 1 for the main arena's
	 * {@code [heap]} else 0}, in address order.
	 */
	static List<long[]> anonymousReadWrite(List<String> lines) {
		List<long[]> out = new ArrayList<>();
		for (String line : lines) {
			String[] f = line.trim().split("\\s+", 6);
			if (f.length < 5 || !f[1].startsWith("rw")) continue;
			String name = f.length > 5 ? f[5].trim() : "";
			if (!name.isEmpty() && !name.equals("[heap]")) continue;
			String[] ab = f[0].split("-");
			out.add(new long[] {Long.parseUnsignedLong(ab[0], 16), Long.parseUnsignedLong(ab[1], 16), name.isEmpty() ? 0 : 1});
		}
		return out;
	}

	/**
	 * The used extent of the glibc heap that starts at {@code m}, or 0 when {@code m} does not start one: it must
	 * start on a {@value #HEAP_MAX}-byte boundary and its header ({@code heap_info}: arena, previous heap, size,
	 * mprotect size) must give a size that the read-write mappings from there cover.
	 */
	static long heapExtent(FileChannel mem, long[] m, List<long[]> maps) throws IOException {
		if (m[0] % HEAP_MAX != 0) return 0;
		ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
		try {
			if (mem.read(b, m[0]) != 32) return 0;
		} catch (IOException e) {
			return 0; // NB: unmapped since the maps were read
		}
		long arena = b.getLong(0), size = b.getLong(16), mprotect = b.getLong(24);
		if (arena == 0 || arena % 8 != 0 || size <= 0 || size > HEAP_MAX || size % 4096 != 0 || mprotect < size || mprotect > HEAP_MAX)
			return 0;
		long end = m[1];
		for (long[] q : maps) if (q[0] == end && q[1] <= m[0] + HEAP_MAX) end = q[1];
		return Math.min(size, end - m[0]);
	}

	/** How many sweeps ran in this process, and how many heaps they advised in all. */
	public static long[] sweeps() {
		return new long[] {PASSES.get(), HEAPS.get()};
	}

	/**
	 * Starts the daemon thread that {@link #sweep() sweeps} every {@link #period()} seconds, once per process, if
	 * huge pages are in force on Linux. {@link TorchRuntime#engine()} calls it.
	 *
	 * @return whether the thread runs
	 */
	static synchronized boolean startSweepingIfHugePages() {
		if (sweeper != null) return true;
		long seconds = periodSeconds(System.getenv(PERIOD_VARIABLE));
		if (seconds == 0 || !hugePagesInForce() || !com.sun.jna.Platform.isLinux() || sweep() < 0) return false;
		period = seconds;
		Thread t = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Thread.sleep(seconds * 1000);
				} catch (InterruptedException e) {
					return;
				}
				sweep();
			}
		}, "punet-heaps-without-huge-pages");
		t.setDaemon(true);
		t.setPriority(Thread.MIN_PRIORITY);
		t.start();
		sweeper = t;
		return true;
	}

	/** Whether the sweeping thread runs in this process. */
	public static synchronized boolean sweeping() {
		return sweeper != null && sweeper.isAlive();
	}

	/** The sweeping thread's period in seconds, or 0 when it does not run. */
	public static synchronized long period() {
		return sweeping() ? period : 0;
	}

	/**
	 * The period that {@value #PERIOD_VARIABLE} asks for: its whole seconds (0 = never), {@link #DEFAULT_PERIOD_SECONDS}
	 * when unset; a value that is not a whole number of seconds from 0 to one hour is refused.
	 */
	static long periodSeconds(String value) {
		if (value == null || value.isBlank()) return DEFAULT_PERIOD_SECONDS;
		try {
			long s = Long.parseLong(value.trim());
			if (s >= 0 && s <= 3_600) return s;
		} catch (NumberFormatException e) {
			// refused below
		}
		throw new io.github.punetfiji.PunetException(
				PERIOD_VARIABLE + "=" + value + ": give whole seconds from 0 (never) to 3600, or unset it for "
						+ DEFAULT_PERIOD_SECONDS);
	}

	/** The variable that chooses how freed native memory is handled: {@code keep} (the default) or {@code glibc}. */
	public static final String MALLOC_VARIABLE = "PUNET_MALLOC";
	/** glibc's environment variables and tunables prefix for malloc: a user who sets any of them keeps glibc as set. */
	private static final List<String> USER_MALLOC_VARIABLES = List.of("MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_",
			"MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_ARENA_MAX");
	private static final int M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_MAX = -4;
	/** The top pad: each heap grows by this much more than asked, and glibc never gives a whole arena heap back. */
	static final int TOP_PAD = 64 << 20;
	private static String freedMemory;

	/**
	 * Tells glibc to keep the memory libtorch frees for reuse, unless the user chose otherwise ({@value #MALLOC_VARIABLE}{@code
	 * =glibc}, or any of glibc's own malloc settings in the environment): no block is given its own mapping ({@code
	 * M_MMAP_MAX} 0), free memory at the top of a heap is not handed back ({@code M_TRIM_THRESHOLD} 2 GiB) and heaps grow
	 * {@value #TOP_PAD} bytes at a time ({@code M_TOP_PAD}). A training step then reuses last step's memory instead of
	 * faulting in and zeroing it again: a {@code 2d} step 4.3× faster, {@code small} 1.24× (docs/bench.md). The process
	 * keeps its peak memory until {@link #handBack()}; {@link EngineThread} runs the native work where the largest blocks
	 * can be kept. Runs once; does nothing off glibc.
	 *
	 * @return what is in force, as {@link #freedMemory()} reports it
	 */
	public static synchronized String keepFreedMemory() {
		if (freedMemory != null) return freedMemory;
		freedMemory = chooseFreedMemory(System.getenv());
		return freedMemory;
	}

	static String chooseFreedMemory(java.util.Map<String, String> env) {
		String given = env.get(MALLOC_VARIABLE);
		String choice = given == null ? "keep" : given.trim();
		if (!choice.equals("keep") && !choice.equals("glibc") && !choice.isEmpty()) {
			throw new io.github.punetfiji.PunetException(MALLOC_VARIABLE + "=" + choice
					+ ": give keep (reuse freed native memory, the default) or glibc (glibc's own defaults: slower training)");
		}
		if (choice.equals("glibc")) return "glibc's defaults (" + MALLOC_VARIABLE + "=glibc)";
		String tunables = env.get("GLIBC_TUNABLES");
		boolean explicit = given != null && choice.equals("keep"); // NB: keep, even where glibc's own settings are in the environment
		if (!explicit && tunables != null && tunables.contains("glibc.malloc.")) return "as the user set it (GLIBC_TUNABLES)";
		for (String v : USER_MALLOC_VARIABLES) if (!explicit && env.containsKey(v)) return "as the user set it (" + v + ")";
		if (!glibc()) return "the C library's defaults (not glibc)";
		try {
			boolean ok = LibC.INSTANCE.mallopt(M_MMAP_MAX, 0) == 1 & LibC.INSTANCE.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1
					& LibC.INSTANCE.mallopt(M_TOP_PAD, TOP_PAD) == 1;
			return ok ? KEPT : "glibc's defaults (mallopt refused)";
		} catch (RuntimeException | LinkageError e) {
			return "glibc's defaults (mallopt not reachable)";
		}
	}

	/** What {@link #keepFreedMemory()} reports when glibc keeps freed memory for reuse. */
	static final String KEPT = "kept for reuse (punet: mallopt M_MMAP_MAX 0, M_TRIM_THRESHOLD 2 GiB, M_TOP_PAD 64 MiB)";

	/** What is in force for freed native memory (null before {@link #keepFreedMemory()}). */
	public static synchronized String freedMemory() {
		return freedMemory;
	}

	/** Whether glibc keeps freed memory for reuse, as punet asked. */
	public static synchronized boolean keeping() {
		return KEPT.equals(freedMemory);
	}

	/**
	 * Hands the free memory of glibc's heaps back to the kernel ({@code malloc_trim(0)}) while freed memory is kept: at
	 * the end of each job, so that a Fiji session does not hold a finished training's peak. Does nothing otherwise.
	 */
	public static void handBack() {
		if (!keeping()) return;
		try {
			LibC.INSTANCE.malloc_trim(0);
		} catch (RuntimeException | LinkageError e) {
			// NB: nothing to hand back through
		}
	}

	/** Whether this process's C library is glibc (its version can be asked). */
	static boolean glibc() {
		if (!com.sun.jna.Platform.isLinux()) return false;
		try {
			return LibC.INSTANCE.gnu_get_libc_version() != null;
		} catch (RuntimeException | LinkageError e) {
			return false;
		}
	}

	interface LibC extends com.sun.jna.Library {
		LibC INSTANCE = com.sun.jna.Native.load("c", LibC.class);

		int madvise(com.sun.jna.Pointer addr, long length, int advice);

		int mallopt(int param, int value);

		int malloc_trim(long pad);

		String gnu_get_libc_version();

		int get_nprocs();

		com.sun.jna.Pointer malloc(long size);

		void free(com.sun.jna.Pointer p);
	}
}
