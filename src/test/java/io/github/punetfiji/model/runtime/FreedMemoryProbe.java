package io.github.punetfiji.model.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For {@link EngineThreadTest}, in its own JVM: loads the engine as punet does, then on the {@link EngineThread} runs
 * {@value #ROUNDS} rounds of what a training loop does with its largest blocks: two 80 MiB tensors (larger than any heap
 * of glibc's other arenas), written and freed. Prints the page faults of each round and of the last four: none once the
 * freed memory is reused, one per 4 KiB page when it is faulted in afresh every time.
 *
 * <p>NB: the first rounds fault even when memory is kept: libtorch asks for 64-byte aligned blocks, glibc 2.36 carves
 * them out of a larger chunk and keeps the small pieces it cuts off in its per-thread cache, where they separate the
 * freed blocks from the heap's top; after a few rounds that cache is full and the heap stops growing (about 5 blocks'
 * worth here; a {@code 2d} training's RSS settles about 20 % above glibc's defaults, docs/bench.md).
 */
public final class FreedMemoryProbe {
	static final int ROUNDS = 20;
	/** Pages of one round: two tensors of 20 Mi floats. */
	static final long PAGES_PER_ROUND = 2L * 20 * 1024 * 1024 * 4 / 4096;

	private FreedMemoryProbe() {}

	public static void main(String[] args) throws Exception {
		TorchRuntime.prepare();
		TorchRuntime.engine();
		long last = EngineThread.call(() -> {
			long sum = 0;
			for (int i = 0; i < ROUNDS; i++) {
				long start = minorFaults();
				round();
				long faults = minorFaults() - start;
				System.out.println("round " + (i + 1) + ": " + faults + " faults, " + rss());
				if (i >= ROUNDS - 4) sum += faults;
			}
			return sum;
		});
		System.out.println("engine thread: " + EngineThread.state());
		System.out.println("freed memory: " + NativeMemory.freedMemory());
		System.out.println("faults of the last 4 rounds: " + last);
	}

	private static void round() {
		try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
			ai.djl.ndarray.NDArray a = m.ones(new ai.djl.ndarray.types.Shape(20, 1024, 1024));
			ai.djl.ndarray.NDArray b = a.mul(2);
			a.close();
			if (b.sum().getFloat() != 40f * 1024 * 1024) throw new AssertionError("the tensors were not written");
		}
	}

	private static String rss() throws java.io.IOException {
		for (String l : Files.readAllLines(Path.of("/proc/self/status"))) if (l.startsWith("VmRSS")) return l.replaceAll("\\s+", " ");
		return "VmRSS unknown";
	}

	/** This process's minor page faults so far ({@code /proc/self/stat}, field 10). */
	static long minorFaults() throws java.io.IOException {
		String stat = Files.readString(Path.of("/proc/self/stat"));
		String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(f[7]);
	}
}
