package io.github.punetfiji.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.PunetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesTest {
	@TempDir
	Path dir;

	@Test
	void stemsStripImageExtensions() {
		assertEquals("case01", Volumes.stem(Paths.get("a/case01.nii.gz")));
		assertEquals("case.01", Volumes.stem(Paths.get("case.01.NII")));
		assertEquals("slice", Volumes.stem(Paths.get("slice.tiff")));
		assertEquals("x", Volumes.stem(Paths.get("x.dcm")));
		assertEquals("series", Volumes.stem(Paths.get("series")));
	}

	@Test
	void savesAndOpensByExtension() {
		Volume<?> v = new Volume<>(ImgAssert.ramp(4, 3, 2), new double[] {1, 2, 3}, "v");
		for (String name : new String[] {"v.nii", "v.nii.gz", "v.tif", "v.tiff"}) {
			Volumes.save(v, dir.resolve(name));
			Volume<?> back = Volumes.open(dir.resolve(name));
			ImgAssert.assertSameValues(v.image(), back.image(), 0);
			assertTrue(Volumes.isSupported(dir.resolve(name)));
		}
		assertThrows(PunetException.class, () -> Volumes.save(v, dir.resolve("v.png")));
		assertFalse(Volumes.isSupported(dir.resolve("notes.txt")));
	}

	@Test
	void unknownAndMissingFilesAreNamed() throws IOException {
		Path txt = Files.write(dir.resolve("notes.txt"), new byte[10]);
		String m = assertThrows(PunetException.class, () -> Volumes.open(txt)).getMessage();
		assertTrue(m.contains("notes.txt") && m.contains("unknown image format") && m.contains(".nii.gz"), m);
		m = assertThrows(PunetException.class, () -> Volumes.open(dir.resolve("gone.nii"))).getMessage();
		assertTrue(m.contains("gone.nii") && m.contains("no such file"), m);
	}
}
