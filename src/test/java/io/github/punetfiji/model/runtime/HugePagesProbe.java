package io.github.punetfiji.model.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** For {@link TorchRuntimeTest}, in its own JVM: loads the engine as punet does, writes a 256 MiB tensor, prints the huge pages gained. */
public final class HugePagesProbe {
	private HugePagesProbe() {}

	public static void main(String[] args) throws Exception {
		TorchRuntime.engine();
		long before = anonHugePagesKb();
		try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
			ai.djl.ndarray.NDArray a = m.ones(new ai.djl.ndarray.types.Shape(64, 1024, 1024));
			long after = anonHugePagesKb();
			if (a.get(63, 1023, 1023).getFloat() != 1f) throw new AssertionError("the tensor was not written");
			System.out.println("huge pages kB: " + Math.max(0, after - before));
		}
	}

	private static long anonHugePagesKb() throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
			if (line.startsWith("AnonHugePages:")) return Long.parseLong(line.replaceAll("\\D+", ""));
		}
		return 0;
	}
}
