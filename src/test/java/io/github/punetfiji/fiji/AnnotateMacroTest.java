package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;
import io.github.punetfiji.api.AnnotatedVolumes;
import io.github.punetfiji.fiji.ij1.CommandPlugIn;
import io.github.punetfiji.model.file.ModelFile;
import java.awt.GraphicsEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code macros/annotate_prompt_tune.ijm} in real ImageJ 1 (batch mode, the plugin jar in {@code plugins/}): ROIs added to
 * the ROI Manager on three slices prompt-tune a tiny model; the structure appears as an overlay on the image, the slice
 * shown stays, the model is written; a second run on the same image with one more ROI continues from the first and replaces the overlay.
 *
 * <p>NB: tagged "macro" (own JVM with a display, Xvfb: see {@link MacrosTest}); skipped without a display.
 */
@Tag("macro")
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // NB: a dialog left open would wait forever
class AnnotateMacroTest {
	private static final boolean DISPLAY = !GraphicsEnvironment.isHeadless() && (System.getenv("DISPLAY") != null || !IJ.isLinux());
	private static final String LABEL = "Prompt-tune from Annotations (PUNet)";

	@TempDir
	static Path tmp;

	@BeforeAll
	static void installPlugin() throws IOException {
		if (!DISPLAY) return;
		// NB: ImageJ 1 builds its menus once per JVM; MacrosTest may have installed the same jar already
		if (System.getProperty("plugins.dir") == null) {
			Path home = Files.createTempDirectory("punet-imagej");
			Files.createDirectories(home.resolve("plugins"));
			jar(Paths.get("target/classes"), home.resolve("plugins/PUNet_for_Fiji.jar"));
			System.setProperty("plugins.dir", home.toString());
		}
		assertEquals(CommandPlugIn.class.getName() + "(\"" + AnnotatePromptTuneCommand.class.getName() + "\")",
				Menus.getCommands().get(LABEL));
	}

	private static void jar(Path classes, Path jar) throws IOException {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
			for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder())::iterator) {
				out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}

	@AfterEach
	void closeImages() {
		while (WindowManager.getImageCount() > 0) WindowManager.getImage(WindowManager.getIDList()[0]).close();
	}

	/** Runs the macro; returns what it and the commands printed, and fails on a macro error. */
	private static String run(String argument) throws IOException {
		String code = Files.readString(Paths.get("macros/annotate_prompt_tune.ijm"), StandardCharsets.UTF_8);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		PrintStream out = System.out;
		PrintStream err = System.err;
		PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
		System.setOut(both);
		System.setErr(both);
		String error;
		try {
			Interpreter interpreter = new Interpreter();
			interpreter.setIgnoreErrors(true);
			interpreter.run(code, argument);
			error = interpreter.getErrorMessage();
		} finally {
			System.setOut(out);
			System.setErr(err);
		}
		String text = printed.toString(StandardCharsets.UTF_8);
		out.print(text);
		assertEquals(null, error, text);
		return text;
	}

	@Test
	void roisOfTheRoiManagerTuneAModelShownAsAnOverlayAndASecondRunContinues() throws IOException {
		assumeTrue(DISPLAY, "no display: ImageJ 1 dialogs need one (run the tests with ./test.sh, which uses xvfb-run)");
		Path body = AnnotatedVolumes.body(tmp.resolve("body.punet"));
		AnnotatedVolumes.subject(tmp.resolve("data"));
		Path image = tmp.resolve("data/images/synth_000.nii.gz");
		Path out = tmp.resolve("out");
		String printed = run(image + "|" + body + "|" + out + "|" + AnnotatedVolumes.CLASS + "|1,3,5;6");
		int second = printed.indexOf('\n', printed.indexOf("run 1: overlay")) + 1;
		assertTrue(second > 0 && printed.contains("run 2: overlay"), printed);
		String first = printed.substring(0, second);
		assertTrue(first.contains("on 3 annotated slice(s) of synth_000") && first.contains("from " + body), first);
		assertTrue(first.matches("(?s).*run 1: overlay [0-6] on slice 2\\b.*"),
				"an overlay on the image, one element per slice, at the slice shown: " + first);
		Path model = out.resolve("model.punet");
		assertNotNull(ModelFile.read(model).metadata());
		String then = printed.substring(second);
		assertTrue(then.contains("on 4 annotated slice(s) of synth_000")
				&& then.contains("continuing from " + out.resolve("run_001/model.punet")), then);
		assertTrue(then.matches("(?s).*run 2: overlay [0-6] on slice 2\\b.*"), "the first overlay is replaced, not added to: " + then);
		assertEquals(out.resolve("run_001/model.punet").toString(), ModelFile.read(model).metadata().provenance().get("parent"));
	}
}
