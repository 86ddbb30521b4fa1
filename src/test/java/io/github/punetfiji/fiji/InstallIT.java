package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImageJ;
import io.github.punetfiji.Progress;
import io.github.punetfiji.api.Compute;
import io.github.punetfiji.api.Device;
import io.github.punetfiji.api.Punet;
import io.github.punetfiji.api.SegmentFolderRequest;
import io.github.punetfiji.api.SegmentFolderResult;
import io.github.punetfiji.fiji.ij1.CommandPlugIn;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the plugin the documented ways and runs PUNet commands in a separate ImageJ 1 process, from the
 * menu's command table and from {@code -batch}: nothing of the test's class path reaches that process.
 *
 * <p>What is installed is what the build packaged, after {@code package} ({@code ./test.sh} runs {@code mvn verify};
 * failsafe runs this in {@code integration-test}):
 * <ul>
 * <li>Fiji: {@code target/install-test/Fiji.app}, an empty folder filled by scijava-maven-plugin's {@code populate-app}
 * — the goal that {@code mvn -Dscijava.app.directory=… install} runs at {@code install}, bound here to
 * {@code pre-integration-test} with this folder, so the test needs no recursive Maven run and writes nothing to the
 * local repository. Fiji itself (with imagej-legacy) is not on Maven Central; the folder runs the way Fiji's launcher
 * starts it (its {@code jars/}, {@code jars/linux64/} and {@code plugins/} on the class path, ImageJ 1 reading the
 * plugins folder), where ImageJ 1 finds the commands through the jar's {@code plugins.config}.</li>
 * <li>Plain ImageJ 1: {@code target/install-test/ImageJ}, whose {@code plugins/jars} the build's
 * {@code dependency:copy-dependencies} filled as the README's command does; the test copies {@code ij.jar} and the
 * packaged {@code PUNet_for_Fiji-<version>.jar} into it (the README's {@code cp}) and runs
 * {@code java -jar ij.jar -ijpath … -batch m.ijm}; there also the acceptance run: {@code macros/annotate_from_labels.ijm}
 * prompt-tunes the bundled body to kidney_right from outlines, and the tuned model is scored on held-out subjects.</li>
 * </ul>
 * Needs a display (ImageJ 1's GenericDialog reads macro options): {@code ./test.sh} runs Maven under Xvfb.
 */
class InstallIT {
	private static final Path TARGET = Paths.get("target").toAbsolutePath();
	private static final Path INSTALL = TARGET.resolve("install-test");
	/** A -batch run that takes longer has hung (a dialog waiting for a click). */
	private static final long TIMEOUT_S = 120;

	private static Path packagedJar;

	@TempDir
	Path tmp;

	@BeforeAll
	static void packaged() throws IOException {
		assumeTrue(System.getenv("DISPLAY") != null, "no display: ImageJ 1 needs one (run the tests with ./test.sh, which uses xvfb-run)");
		try (Stream<Path> files = Files.list(TARGET)) {
			List<Path> jars = files.filter(p -> p.getFileName().toString().matches("PUNet_for_Fiji-[^-]+(-SNAPSHOT)?\\.jar")).toList();
			assertEquals(1, jars.size(), "one packaged plugin jar in target/: " + jars);
			packagedJar = jars.get(0);
		}
		try (JarFile jar = new JarFile(packagedJar.toFile())) {
			assertTrue(jar.getEntry("plugins.config") != null, "plugins.config is not at the root of " + packagedJar);
		}
	}

	@Test
	void fijiLayoutRunsCommandsFromTheMenuAndFromBatch() throws Exception {
		Path app = INSTALL.resolve("Fiji.app");
		Path plugin = app.resolve("plugins").resolve(packagedJar.getFileName());
		assertTrue(Files.exists(plugin),
				"populate-app did not put the plugin into plugins/ (it skips itself when Maven runs offline, -o): " + list(app));
		assertArrayEquals(Files.readAllBytes(packagedJar), Files.readAllBytes(plugin), "plugins/ holds another jar than the packaged one");
		assertEquals(1, glob(app.resolve("jars/linux64"), "pytorch-native-cpu-*-linux-x86_64.jar").size(),
				"libtorch is not in jars/linux64: " + list(app));
		for (String lib : List.of("api-*.jar", "pytorch-engine-*.jar", "pytorch-jni-*.jar"))
			assertEquals(1, glob(app.resolve("jars"), lib).size(), lib + " in jars/");
		assertTrue(glob(app.resolve("jars"), "PUNet_for_Fiji*.jar").isEmpty(), "the plugin is in jars/ too");

		String cp = String.join(File.pathSeparator, app.resolve("jars") + "/*", app.resolve("jars/linux64") + "/*",
				app.resolve("plugins") + "/*");
		List<String> fiji = List.of("-Dplugins.dir=" + app, "-cp", cp, ImageJ.class.getName());
		Run ok = batch(fiji, MENU_AND_SYSTEM_CHECK);
		assertEquals(0, ok.status, ok.output);
		assertMenuAndSystemCheck(ok);
		assertFailureExitsNonZero(batch(fiji, FAILING));
	}

	@Test
	void plainImageJLayoutRunsCommandsFromTheMenuAndFromBatch() throws Exception {
		List<String> imagej = plainImageJ();
		Run ok = batch(imagej, MENU_AND_SYSTEM_CHECK + TRAIN_WITH_THREADS_FIRST);
		assertEquals(0, ok.status, ok.output);
		assertMenuAndSystemCheck(ok);
		// NB: threads set by the first network command of the JVM (was UnsatisfiedLinkError: torchSetNumThreads)
		assertFalse(ok.output.contains("UnsatisfiedLinkError"), ok.output);
		assertTrue(ok.output.contains("PUNet: pre-trained 1 steps on cpu"), ok.output);
		assertTrue(Files.exists(tmp.resolve("run/model.punet")), ok.output);
		assertFailureExitsNonZero(batch(imagej, FAILING));
	}

	/**
	 * The acceptance run, as a user makes it right after installing into plain ImageJ: {@code
	 * macros/annotate_from_labels.ijm} from {@code -batch} outlines kidney_right (class 4, which the bundled body never saw)
	 * from the sample labels on five slices of synth_000 as ROIs in the ROI Manager, prompt-tunes the bundled body ({@code -})
	 * to it for 200 steps and leaves the structure as an overlay on the image. The tuned model must then find kidney_right
	 * in the two held-out subjects (synth_006, synth_007), scored here through the API as {@code ./punet --mode test} scores
	 * them: a run that learnt nothing scores 0 (one step instead of 200: 0.000), a correct one 0.752 from the bundled
	 * 8,000-step body (0.566 from the 2,000-step body before it).
	 */
	@Test
	void annotateFromLabelsMacroTeachesTheBundledBodyANewStructure() throws Exception {
		List<String> imagej = plainImageJ();
		Path data = Paths.get("sample-data").toAbsolutePath();
		Path out = tmp.resolve("kidney_right");
		String argument = String.join("|", data.resolve("images/synth_000.nii.gz").toString(),
				data.resolve("labels/synth_000.nii.gz").toString(), "-", out.toString(), "4", "5", String.valueOf(ANNOTATE_STEPS));
		long t0 = System.nanoTime();
		Run r = batch(imagej, Paths.get("macros/annotate_from_labels.ijm").toAbsolutePath(), argument, ANNOTATE_TIMEOUT_S);
		long imagejSeconds = (System.nanoTime() - t0) / 1_000_000_000;
		assertEquals(0, r.status, r.output);
		assertFalse(r.output.contains("Exception") || r.output.contains("\tat "), r.output);
		assertTrue(r.output.contains("outlined class 4 on slices "), r.output);
		assertTrue(r.output.contains("PUNet: prompt-tuned class 4 (class 4) on 5 annotated slice(s) of "), r.output);
		Matcher overlay = Pattern.compile("overlay elements: (\\d+), shown at slice (\\d+)").matcher(r.output);
		assertTrue(overlay.find(), "the macro printed no overlay: " + r.output);
		assertTrue(Integer.parseInt(overlay.group(1)) > 0, "no structure on the image: " + overlay.group());

		Path model = out.resolve("model.punet");
		assertTrue(Files.isRegularFile(model), "no tuned model written: " + list(out));
		Map<String, Object> info = Punet.modelInfo(model);
		assertEquals("small", info.get("preset"), info.toString());
		assertTrue(((List<?>) info.get("trained_prompts")).contains(4L), "kidney_right's prompts trained: " + info);

		Path heldOut = tmp.resolve("held-out");
		for (String dir : List.of("images", "labels")) {
			Files.createDirectories(heldOut.resolve(dir));
			for (String subject : List.of("synth_006", "synth_007"))
				Files.copy(data.resolve(dir).resolve(subject + ".nii.gz"), heldOut.resolve(dir).resolve(subject + ".nii.gz"));
		}
		long t1 = System.nanoTime();
		// NB: every core, as the ImageJ run (threads=0); the test JVM's default is one thread
		Compute cores = new Compute(Device.CPU, Runtime.getRuntime().availableProcessors());
		SegmentFolderResult scored = Punet.segmentFolder(new SegmentFolderRequest(model, heldOut.resolve("images"),
				heldOut.resolve("labels"), tmp.resolve("held-out-labels"), new int[] {4}, 0.5, false, null, cores),
				Progress.NONE);
		double dice = scored.perClassDice().get(4);
		System.out.printf(java.util.Locale.ROOT,
				"annotate_from_labels.ijm: %s; ImageJ -batch %d s, held-out kidney_right Dice %.3f (%d s, %d windows, %.0f ms each), "
						+ "%.3f %% trainable%n",
				overlay.group(), imagejSeconds, dice, (System.nanoTime() - t1) / 1_000_000_000, scored.windows(), scored.millisPerWindow(),
				100 * scored.trainableFraction());
		assertTrue(scored.trainableFraction() < 0.01,
				"true prompt tuning trains under 1 % of the parameters: " + scored.trainableFraction());
		assertTrue(dice >= HELD_OUT_DICE, "held-out kidney_right Dice " + dice + " < " + HELD_OUT_DICE + ": " + scored.summary());
	}

	/** Training steps of the acceptance run (the 200). */
	private static final int ANNOTATE_STEPS = 200;
	/**
	 * A run that learnt the structure scores well above it (0.752), one that did not (the prompts left at their
	 * initialisation: 0.000 after one step) far below.
	 */
	private static final double HELD_OUT_DICE = 0.3;
	/** The acceptance run takes 2–3 minutes on two busy cores; longer means it hung. */
	private static final long ANNOTATE_TIMEOUT_S = 600;

	/**
	 * The plain ImageJ 1 folder as the README installs it ({@code plugins/jars} filled by the build, {@code ij.jar} and the
	 * packaged jar copied here); the arguments that start it.
	 */
	private static List<String> plainImageJ() throws Exception {
		Path home = INSTALL.resolve("ImageJ");
		assertEquals(1, glob(home.resolve("plugins/jars"), "pytorch-native-cpu-*.jar").size(),
				"copy-dependencies did not fill plugins/jars: " + list(home));
		assertTrue(glob(home.resolve("plugins/jars"), "ij-*.jar").isEmpty(), "ImageJ itself copied into plugins/jars");
		Path ij = Paths.get(ImageJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Files.copy(ij, home.resolve("ij.jar"), StandardCopyOption.REPLACE_EXISTING);
		Files.copy(packagedJar, home.resolve("plugins").resolve(packagedJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
		return List.of("-jar", home.resolve("ij.jar").toString(), "-ijpath", home.toString());
	}

	/** Lists the command table entry (the menu command), runs it as the menu does ({@code IJ.run}), then ends. */
	private static final String MENU_AND_SYSTEM_CHECK = "List.setCommands;\n"
			+ "print(\"menu entry: \" + List.get(\"System Check (PUNet)\"));\n"
			+ "run(\"System Check (PUNet)\");\n"
			+ "print(\"system check done\");\n";

	private static final String TRAIN_WITH_THREADS_FIRST = "d = getArgument();\n"
			+ "run(\"Generate Sample Data (PUNet)\", \"out=[\" + d + \"/data] subjects=2 seed=5 dims=48,48,4\");\n"
			+ "run(\"Pre-train (PUNet)\", \"dir_images=[\" + d + \"/data/images] dir_masks=[\" + d + \"/data/labels] out=[\" + d + \"/run] "
			+ "preset=tiny label_indices_base=1 batch_size=2 max_epochs=1 num_samples_epoch=0 max_steps=1 checkpoint_every=0 val_every=0 "
			+ "device=cpu threads=2\");\n"
			+ "print(\"training done\");\n";

	private static final String FAILING = "run(\"Image Info (PUNet)\", \"file=[/nonexistent/x.nii.gz]\");\n"
			+ "print(\"macro continued\");\n";

	private static void assertMenuAndSystemCheck(Run r) {
		String entry = "menu entry: " + CommandPlugIn.class.getName() + "(\"" + SystemCheckCommand.class.getName() + "\")";
		assertTrue(r.output.contains(entry), "no Plugins > PUNet menu entry: " + r.output);
		assertTrue(r.output.contains("PUNet system check:") && r.output.contains("\"libtorch\""), r.output);
		assertTrue(r.output.contains("system check done"), r.output);
		assertFalse(r.output.contains("Exception"), r.output);
	}

	/** One line about the bad file, the macro stopped there, no dialog (no hang), no stack trace, status 1. */
	private static void assertFailureExitsNonZero(Run r) {
		assertEquals(MacroFailures.BATCH_FAILURE_STATUS, r.status, r.output);
		String message = "PUNet: no such file or folder: /nonexistent/x.nii.gz";
		assertEquals(1, r.output.split(java.util.regex.Pattern.quote(message), -1).length - 1, "the message once: " + r.output);
		assertFalse(r.output.contains("macro continued"), r.output);
		assertFalse(r.output.contains("Exception") || r.output.contains("\tat "), r.output);
	}

	private record Run(int status, String output) {}

	/** Runs {@code macro} with {@code java <launch> -batch m.ijm <tmp>}, in a fresh JVM, output and errors together. */
	private Run batch(List<String> launch, String macro) throws IOException, InterruptedException {
		Path file = Files.createTempFile(tmp, "m", ".ijm");
		Files.writeString(file, macro, StandardCharsets.UTF_8);
		return batch(launch, file, tmp.toString(), TIMEOUT_S);
	}

	/**
	 * Runs {@code java <launch> -batch macro argument} in a fresh JVM, output and errors together; kills it (and what it
	 * started) and fails after {@code timeoutS} seconds.
	 */
	private Run batch(List<String> launch, Path macro, String argument, long timeoutS) throws IOException, InterruptedException {
		Path log = Files.createTempFile(tmp, "out", ".txt");
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx2g");
		command.addAll(launch);
		command.addAll(List.of("-batch", macro.toString(), argument));
		Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly().waitFor();
			fail("ImageJ -batch hung for " + timeoutS + " s (a dialog waiting?): " + Files.readString(log));
		}
		return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}

	private static List<Path> glob(Path dir, String pattern) throws IOException {
		if (!Files.isDirectory(dir)) return List.of();
		List<Path> found = new ArrayList<>();
		try (var files = Files.newDirectoryStream(dir, pattern)) {
			files.forEach(found::add);
		}
		return found;
	}

	private static String list(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.map(dir::relativize).map(Path::toString).sorted().toList().toString();
		}
	}
}
