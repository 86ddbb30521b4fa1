package io.github.punetfiji.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of this process: the Java heap (sum of the heap pools' peak usage since the last
 * {@link #resetPeaks()}; the pools peak at different moments, so the sum is an upper bound) and the
 * resident set size from {@code /proc/self/status} ({@code VmRSS} now, {@code VmHWM} the high-water
 * mark). Native (libtorch) tensors show in the RSS, not in the heap. Also the RSS of {@code fit}'s progress line.
 *
 * <p>NB: {@code VmHWM} is process-wide. On Linux writing {@code 5} to {@code /proc/self/clear_refs}
 * resets it to the current RSS; {@link #resetPeaks()} tries that and reports whether it worked, so the
 * peak of one preset is not the peak of an earlier one. Off Linux the RSS figures are -1.
 */
public final class Memory {
	private Memory() {}

	/**
	 * Resets the heap pools' peaks and, if the kernel allows, the RSS high-water mark.
	 *
	 * @return whether the RSS high-water mark was reset
	 */
	static boolean resetPeaks() {
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
			if (p.getType() == MemoryType.HEAP && p.isValid()) p.resetPeakUsage();
		}
		try {
			Files.writeString(Path.of("/proc/self/clear_refs"), "5");
			return true;
		} catch (IOException | SecurityException | UnsupportedOperationException e) {
			return false;
		}
	}

	/** Sum of the heap pools' peak usage in bytes. */
	static long heapPeak() {
		long sum = 0;
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
			if (p.getType() == MemoryType.HEAP && p.isValid()) sum += p.getPeakUsage().getUsed();
		}
		return sum;
	}

	/** The process's resident set size now, in bytes (-1 when unknown). */
	public static long rss() {
		return status("VmRSS:");
	}

	/** The process's resident set high-water mark, in bytes (-1 when unknown). */
	static long rssPeak() {
		return status("VmHWM:");
	}

	private static long status(String key) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
			}
		} catch (IOException | NumberFormatException | SecurityException e) {
			// not Linux: unknown
		}
		return -1;
	}
}
