package io.github.punetfiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files go at exit, and outputs get the umask's permissions. */
class TempFilesTest {
	@TempDir
	Path dir;

	@Test
	void theExitSweepDeletesTrackedFilesAndFoldersAndRefusesNewOnes() throws IOException {
		TempFiles t = new TempFiles(false);
		Path part = t.newPart(dir.resolve("sub/out.nii.gz"));
		assertTrue(part.getFileName().toString().startsWith(".out.nii.gz.") && part.getFileName().toString().endsWith(".part"),
				part.toString());
		Path staging = Files.createDirectories(dir.resolve(".punet-staging-1"));
		Files.write(staging.resolve("a.nii.gz"), new byte[10]);
		t.add(staging);
		Path released = t.newPart(dir.resolve("kept.bin"));
		t.remove(released);
		t.deleteAll();
		assertFalse(Files.exists(part));
		assertFalse(Files.exists(staging));
		assertTrue(Files.exists(released), "a released file is the caller's");
		IOException e = assertThrows(IOException.class, () -> t.newPart(dir.resolve("late.bin")));
		assertTrue(e.getMessage().contains("exiting"), e.getMessage());
		try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
			assertEquals(0, s.count());
		}
	}

	@Test
	void outputsHonourTheUmask() throws IOException {
		Path reference = Files.createFile(dir.resolve("reference")); // what the umask gives a new file
		Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
		Path p = dir.resolve("written.bin");
		AtomicFiles.write(p, out -> out.write(1));
		assertEquals(expected, Files.getPosixFilePermissions(p));
		assertTrue(expected.contains(PosixFilePermission.OWNER_READ) && expected.contains(PosixFilePermission.OWNER_WRITE));
	}
}
