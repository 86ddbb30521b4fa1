package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.data.Nifti;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.SciJava;
import org.scijava.console.ConsoleService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;
import org.scijava.startup.StartupService;

/**
 * Headless runs as Fiji does them: {@code ImageJ-linux64 --headless --run "Title" "key='value',…"}.
 * Fiji's launcher hands its arguments to SciJava's gateway ({@code launch}: console arguments, then the
 * startup operations, then dispose when headless). {@code --run} is handled by scijava-common's
 * {@code org.scijava.run.console.RunArgument} (the code runner finds a command by title or class name;
 * the arguments are parsed by the ParseService), {@code --headless} by its {@code HeadlessArgument}:
 * no imagej-legacy is involved, so these tests exercise the real path.
 */
class HeadlessRunTest {
	@TempDir
	Path tmp;

	/** Launches a fresh context headless with {@code args} and returns what was logged at INFO or above. */
	private static List<String> launch(String... args) {
		Context context = new Context();
		List<String> logged = new CopyOnWriteArrayList<>();
		context.service(LogService.class).addLogListener(m -> {
			if (m.level() <= LogLevel.INFO) logged.add(m.text());
		});
		PrefService prefs = context.service(PrefService.class);
		prefs.clear(GenerateSampleDataCommand.class);
		prefs.clear(ImageInfoCommand.class);
		prefs.clear(SegmentFolderCommand.class);
		new SciJava(context).launch(args); // NB: disposes the context, as headless Fiji does
		return logged;
	}

	@Test
	void runByTitleWithKeyValueArguments() throws Exception {
		List<String> log = launch("--headless", "--run", "Generate Sample Data (PUNet)",
				"out='" + tmp + "',subjects=1,seed=3,dims='16,16,4'");
		assertTrue(Files.exists(tmp.resolve("labels/synth_000.nii.gz")), () -> "nothing written; log: " + log);
		assertArrayEquals(new long[] {16, 16, 4}, Nifti.read(tmp.resolve("images/synth_000.nii.gz")).dims());
	}

	@Test
	void runByClassNameLogsTheImageInfo() {
		List<String> log = launch("--headless", "--run", ImageInfoCommand.class.getName(), "file='" + TestContexts.SAMPLE + "'");
		assertTrue(log.stream().anyMatch(l -> l.startsWith("PUNet: " + TestContexts.SAMPLE + ": 160×160×48 int16")), () -> "log: " + log);
	}

	@Test
	void aFailingOperationLogsOneErrorLine() {
		List<String> log = launch("--headless", "--run", "Segment Folder (PUNet)",
				"ckpt='" + tmp.resolve("m.punet") + "',dir_images='" + tmp + "',out='" + tmp.resolve("out") + "'");
		assertTrue(log.contains("PUNet: no such file: " + tmp.resolve("m.punet")), () -> "log: " + log);
		assertTrue(Files.notExists(tmp.resolve("out")));
	}

	@Test
	void consoleServiceQueuesTheRunAsAStartupOperation() {
		try (Context context = new Context()) {
			context.service(PrefService.class).clear(GenerateSampleDataCommand.class);
			context.service(ConsoleService.class).processArgs("--headless", "--run", "Generate Sample Data (PUNet)",
					"out='" + tmp + "',subjects=1,seed=3,dims='16,16,4'");
			assertTrue(Files.notExists(tmp.resolve("labels.json")), "ran before the startup operations");
			context.service(StartupService.class).executeOperations();
			assertTrue(Files.exists(tmp.resolve("labels.json")));
		}
	}
}
