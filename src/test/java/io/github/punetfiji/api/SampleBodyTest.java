package io.github.punetfiji.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.model.file.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-trained body bundled with the plugin: copied out of the jar once, a real model of the sample data's base classes. */
class SampleBodyTest {
	@Test
	void theBundledBodyIsCopiedOnceAndIsTheSampleDataBody(@TempDir Path tmp) throws Exception {
		Map<String, String> env = Map.of("PUNET_CACHE_DIR", tmp.toString());
		Path file = SampleBody.file(env);
		assertEquals(tmp.resolve("sample-body/model.punet"), file);
		assertArrayEquals(Files.readAllBytes(Path.of("sample-data/body/model.punet")), Files.readAllBytes(file), "the repository's body");
		java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
		Thread.sleep(20);
		assertEquals(file, SampleBody.file(env));
		assertEquals(written, Files.getLastModifiedTime(file), "reused, not rewritten");
		assertTrue(SampleBody.is(file) && !SampleBody.is(tmp.resolve("model.punet")));
		ModelFile body = ModelFile.read(file);
		assertEquals("small", body.metadata().preset());
		for (int k : new int[] {1, 3, 5, 6, 7}) assertTrue(body.metadata().classes().containsKey(k), "base class " + k);
		// NB: a damaged copy is replaced
		Files.write(file, new byte[] {1, 2, 3});
		assertArrayEquals(Files.readAllBytes(Path.of("sample-data/body/model.punet")), Files.readAllBytes(SampleBody.file(env)));
	}
}
