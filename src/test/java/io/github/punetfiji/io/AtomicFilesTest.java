package io.github.punetfiji.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
	@TempDir
	Path dir;

	@Test
	void contentIsFlushedWithoutClose() throws IOException {
		Path p = dir.resolve("a.bin");
		AtomicFiles.write(p, out -> out.write(new byte[] {1, 2, 3}));
		assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
	}

	@Test
	void failedWriteKeepsOldContentAndLeavesNoTemporaryFile() throws IOException {
		Path p = dir.resolve("b.bin");
		Files.write(p, new byte[] {9});
		assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, out -> {
			out.write(new byte[100_000]);
			throw new IllegalStateException("cancelled");
		}));
		assertArrayEquals(new byte[] {9}, Files.readAllBytes(p));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(1, s.count());
		}
		assertThrows(PunetException.class, () -> AtomicFiles.write(p, out -> {
			throw new IOException("disk full");
		}));
	}
}
