package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.github.punetfiji.model.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken local libtorch ({@code PYTORCH_LIBRARY_PATH}) fails with a message and exit status 2, not an
 * internal error; a good one loads without DJL's extra variables; OpenMP starts with a passive wait policy.
 * Runs the CLI in a new JVM: the engine loads once per process.
 */
class LibtorchSetupCliTest {
	@TempDir
	Path tmp;

	@Test
	void aLocalLibtorchLoadsWithoutFlavourOrVersionSet() throws Exception {
		// NB: DJL alone fails here ("Cannot copy jni files": it looks for a cpu-precxx11 bridge the jar lacks)
		TorchRuntime.engine();
		Path bundled = Paths.get(ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
		Path lib = Files.createDirectories(tmp.resolve("local").resolve("lib"));
		try (Stream<Path> files = Files.list(bundled)) {
			for (Path f : (Iterable<Path>) files::iterator) {
				if (!f.getFileName().toString().contains("djl_torch")) Files.createSymbolicLink(lib.resolve(f.getFileName()), f);
			}
		}
		try {
			String[] r = run(lib.toString());
			assertEquals("0", r[0], r[1]);
			assertTrue(Files.exists(tmp.resolve("out").resolve("model.punet")), r[1]);
		} finally {
			// NB: the links point into DJL's cache; removed here, JUnit would warn about each
			try (Stream<Path> links = Files.list(lib)) {
				for (Path l : (Iterable<Path>) links::iterator) Files.delete(l);
			}
		}
	}

	@Test
	void openMpWaitsPassivelyUnlessTheUserSaysOtherwise() throws Exception {
		// NB: libgomp prints the settings it started with (OMP_DISPLAY_ENV); unset, it would spin 300,000 times
		String[] r = run(null, Map.of("OMP_DISPLAY_ENV", "verbose"));
		assertEquals("0", r[0], r[1]);
		assertTrue(r[1].contains("OMP_WAIT_POLICY = 'PASSIVE'") && r[1].contains("GOMP_SPINCOUNT = '0'"), r[1]);
		r = run(null, Map.of("OMP_DISPLAY_ENV", "verbose", "OMP_WAIT_POLICY", "ACTIVE"));
		assertEquals("0", r[0], r[1]);
		assertTrue(r[1].contains("OMP_WAIT_POLICY = 'ACTIVE'"), r[1]);
	}

	private String[] run(String libraryPath) throws Exception {
		return run(libraryPath, Map.of());
	}

	private String[] run(String libraryPath, Map<String, String> env) throws Exception {
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-cp",
				cp, Main.class.getName(), "--mode", "fit", "--dir_images", "sample-data/images", "--dir_masks", "sample-data/labels",
				"--out", tmp.resolve("out").toString(), "--overwrite", "--preset", "tiny", "--max_steps", "1", "--batch_size", "2"));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		if (libraryPath == null) pb.environment().remove("PYTORCH_LIBRARY_PATH");
		else pb.environment().put("PYTORCH_LIBRARY_PATH", libraryPath);
		pb.environment().remove("OMP_WAIT_POLICY");
		pb.environment().putAll(env);
		pb.environment().put("DJL_CACHE_DIR", tmp.resolve("djl").toString());
		pb.environment().remove("PYTORCH_FLAVOR");
		pb.environment().remove("PYTORCH_VERSION");
		Process p = pb.start();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (InputStream in = p.getInputStream()) {
			in.transferTo(out);
		}
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		return new String[] {Integer.toString(p.exitValue()), out.toString(StandardCharsets.UTF_8)};
	}

	@Test
	void aFolderWithoutLibtorchIsNamed() throws Exception {
		String[] r = run(tmp.resolve("empty").toString());
		assertEquals("2", r[0], r[1]);
		assertTrue(r[1].contains("PYTORCH_LIBRARY_PATH=" + tmp.resolve("empty") + " holds no libtorch.so"), r[1]);
	}

	@Test
	void aLibtorchThatDoesNotLoadIsExplained() throws Exception {
		Path lib = Files.createDirectories(tmp.resolve("torch").resolve("lib"));
		Files.write(lib.resolve("libtorch.so"), "not a library".getBytes(StandardCharsets.UTF_8));
		String[] r = run(lib.toString());
		assertEquals("2", r[0], r[1]);
		assertTrue(r[1].contains("punet: error: the PyTorch native library could not be loaded"), r[1]);
		assertTrue(r[1].contains("must be the lib folder of libtorch"), r[1]);
		assertFalse(r[1].contains("internal error") || r[1].contains("\tat "), r[1]);
		assertFalse(Files.exists(tmp.resolve("out").resolve("model.punet")));
	}

	@Test
	void aLibtorchOfAnotherVersionIsRefusedBeforeLoading() throws Exception {
		Path lib = Files.createDirectories(tmp.resolve("libtorch").resolve("lib"));
		Files.write(lib.resolve("libtorch.so"), "not a library".getBytes(StandardCharsets.UTF_8));
		Files.write(lib.getParent().resolve("build-version"), "2.11.0+cu130\n".getBytes(StandardCharsets.UTF_8));
		String[] r = run(lib.toString());
		assertEquals("2", r[0], r[1]);
		assertTrue(r[1].contains("is version 2.11.0+cu130"), r[1]);
	}
}
