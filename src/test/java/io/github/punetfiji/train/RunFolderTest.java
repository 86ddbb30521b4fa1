package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.PunetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of a run's output folder, without training: earlier runs, the --ckpt file, the lock, the sweep, free space. */
class RunFolderTest {
	@TempDir
	Path tmp;

	private TrainingOptions options(Path out) throws IOException {
		TrainingOptions o = new TrainingOptions();
		o.out = out;
		o.dirImages = Files.createDirectories(tmp.resolve("images"));
		return o;
	}

	private static List<String> messages(TrainingOptions o) {
		List<String> m = new ArrayList<>();
		RunFolder f = RunFolder.open(o, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void message(String message) {
				m.add(message);
			}
		}, () -> false));
		f.close();
		return m;
	}

	private static Path touch(Path p) throws IOException {
		Files.createDirectories(p.getParent());
		return Files.write(p, new byte[] {1, 2, 3});
	}

	@Test
	void anOutputFolderHoldingTheCkptIsRefusedWhateverTheFlag() throws IOException {
		Path run = tmp.resolve("RUN");
		TrainingOptions o = options(run);
		o.ckpt = touch(run.resolve("model.punet"));
		for (TrainingOptions.Existing e : TrainingOptions.Existing.values()) {
			o.existing = e;
			String m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
			assertTrue(m.contains("--ckpt " + o.ckpt + " is inside --out " + run) && m.contains("replace the file it starts from"),
					e + ": " + m);
		}
		o.existing = TrainingOptions.Existing.REFUSE;
		o.ckpt = touch(run.resolve("checkpoints/step_000500.punet"));
		String m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
		assertTrue(m.contains("--resume"), m);
		assertFalse(Files.exists(run.resolve(RunFolder.LOCK)), "a refused run leaves no trace");
	}

	@Test
	void anEarlierRunNeedsOverwriteOrResume() throws IOException {
		for (String file : new String[] {"model.punet", "losses.csv", "checkpoints/step_000001.punet"}) {
			Path run = tmp.resolve("earlier-" + file.length());
			touch(run.resolve(file));
			TrainingOptions o = options(run);
			String m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
			assertTrue(
					m.contains("holds an earlier run") && m.contains("--overwrite") && m.contains("--resume") && m.contains(run.toString()),
					m);
			o.existing = TrainingOptions.Existing.OVERWRITE;
			messages(o);
		}
		Path empty = Files.createDirectories(tmp.resolve("failed/checkpoints"));
		messages(options(empty.getParent())); // an empty checkpoints/ (a run that failed before its first checkpoint) is no run
	}

	@Test
	void resumeNeedsOneOfTheFoldersOwnCheckpoints() throws IOException {
		Path run = tmp.resolve("R");
		Path own = touch(run.resolve("checkpoints/step_000004.punet"));
		Path other = touch(tmp.resolve("elsewhere/checkpoints/step_000004.punet"));
		TrainingOptions o = options(run);
		o.existing = TrainingOptions.Existing.RESUME;
		String m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
		assertTrue(m.contains("--resume") && m.contains("--ckpt"), m);
		o.ckpt = other;
		m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
		assertTrue(m.contains("is not in " + run), m);
		o.ckpt = own;
		messages(o);
		o.coldStart = true;
		m = assertThrows(PunetException.class, o::check).getMessage();
		assertTrue(m.contains("--resume") && m.contains("--cold_start"), m);
	}

	@Test
	void aSecondRunIntoTheSameFolderIsRefusedInThisProcess() throws IOException {
		TrainingOptions o = options(tmp.resolve("locked"));
		try (RunFolder first = RunFolder.open(o, null)) {
			String m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
			assertTrue(m.contains("--out " + o.out + " is in use by another PUNet training")
					&& m.contains("pid " + ProcessHandle.current().pid()), m);
		}
		messages(o); // released
	}

	@Test
	void aSecondRunIntoTheSameFolderIsRefusedFromAnotherProcess() throws Exception {
		Path out = Files.createDirectories(tmp.resolve("other-process"));
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		Process p = new ProcessBuilder(java.toString(), "-cp", cp, LockHolder.class.getName(), out.resolve(RunFolder.LOCK).toString())
				.start();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			assertEquals("locked", r.readLine());
			TrainingOptions o = options(out);
			String m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
			assertTrue(m.contains("is in use by another PUNet training") && m.contains(out.toString()), m);
			p.getOutputStream().close(); // the holder exits, its lock goes with it
			assertTrue(p.waitFor(30, TimeUnit.SECONDS));
			messages(o);
		} finally {
			p.destroyForcibly();
		}
	}

	@Test
	void whatKilledRunsLeftIsSweptUnderTheLock() throws IOException {
		Path out = tmp.resolve("swept");
		touch(out.resolve(".punet-staging-123/a_labels.nii.gz"));
		touch(out.resolve(".model.punet.x1y2.part"));
		touch(out.resolve("checkpoints/.step_000500.punet.abc.part"));
		Path keep = touch(out.resolve("notes.txt"));
		List<String> m = messages(options(out));
		assertTrue(m.get(0).contains("removed 3 temporary file(s)"), m.toString());
		try (Stream<Path> s = Files.walk(out)) {
			assertEquals(List.of(".punet.lock", "checkpoints", "notes.txt", "swept"),
					s.map(p -> p.getFileName().toString()).sorted().toList());
		}
		assertTrue(Files.exists(keep));
	}

	@Test
	void notEnoughSpaceIsRefusedBeforeTheEarlierRunIsDeleted() throws IOException {
		Path out = tmp.resolve("full");
		Path old = touch(out.resolve("checkpoints/step_000001.punet"));
		TrainingOptions o = options(out);
		o.existing = TrainingOptions.Existing.OVERWRITE;
		try (RunFolder f = RunFolder.open(o, null)) {
			String m = assertThrows(PunetException.class, () -> f.prepare(1L << 60, "the model (1 MB) and 3 checkpoints (1 MB each)"))
					.getMessage();
			assertTrue(m.contains("not enough free space in --out " + out) && m.contains("need about 1073741824.0 GB")
					&& m.contains("are available"), m);
			assertTrue(Files.exists(old), "nothing deleted when the run cannot start");
			f.prepare(1 << 20, "the model");
			assertFalse(Files.exists(old.getParent()), "--overwrite deletes the earlier run's checkpoints");
		}
	}

	@Test
	void pruningKeepsTheNewestAndTheFileTheRunStartedFrom() throws IOException {
		Path out = tmp.resolve("prune");
		TrainingOptions o = options(out);
		try (RunFolder f = RunFolder.open(o, null)) {
			for (int s = 1; s <= 12; s++) touch(f.checkpoint(s * 10));
			f.prune(10, f.checkpoint(10));
			List<Integer> left = f.checkpoints().stream().map(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "")))
					.toList();
			assertEquals(List.of(10, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120), left);
		}
	}

	@Test
	void anUncreatableFolderIsNamed() throws IOException {
		Path file = touch(tmp.resolve("a-file"));
		TrainingOptions o = options(file.resolve("sub"));
		String m = assertThrows(PunetException.class, () -> RunFolder.open(o, null)).getMessage();
		assertTrue(m.contains("--out " + o.out + " cannot be created"), m);
	}
}
