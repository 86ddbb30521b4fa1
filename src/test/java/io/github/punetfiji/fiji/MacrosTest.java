package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.fiji.ij1.CommandPlugIn;
import io.github.punetfiji.data.Volume;
import java.awt.GraphicsEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example macros in {@code macros/} run in real ImageJ 1 ({@code net.imagej:ij}, no imagej-legacy),
 * in batch mode, with the built plugin jar in a temporary ImageJ home's {@code plugins/} folder: the
 * commands are found by their {@code plugins.config} labels and read their options through
 * GenericDialog, which needs a display. Run under Xvfb ({@code ./test.sh}); skipped without a display.
 *
 * <p>NB: tagged "macro": surefire runs these in their own JVM with {@code java.awt.headless=false}.
 */
@Tag("macro")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // NB: a dialog left open would wait forever
class MacrosTest {
	private static Path home;

	@TempDir
	Path tmp;

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
	private PrintStream stdout;
	private PrintStream stderr;
	private String error;

	private static final boolean DISPLAY = !GraphicsEnvironment.isHeadless() && (System.getenv("DISPLAY") != null || !IJ.isLinux());

	@BeforeAll
	static void installPlugin() throws IOException {
		if (!DISPLAY) return;
		home = Files.createTempDirectory("punet-imagej");
		Files.createDirectories(home.resolve("plugins"));
		jar(Paths.get("target/classes"), home.resolve("plugins/PUNet_for_Fiji.jar"));
		System.setProperty("plugins.dir", home.toString());
		// NB: the first look at the command table builds ImageJ's menus, reading plugins.dir
		assertEquals(CommandPlugIn.class.getName() + "(\"" + ImportNiftiCommand.class.getName() + "\")",
				Menus.getCommands().get("Import NIfTI (PUNet)"), "ImageJ 1 menus were built before the plugin was installed");
	}

	@BeforeEach
	void needsADisplay() {
		assumeTrue(DISPLAY, "no display: ImageJ 1 dialogs need one (run the tests with ./test.sh, which uses xvfb-run)");
	}

	/** The plugin jar as Maven packages it: the compiled classes and resources, plugins.config at the root. */
	private static void jar(Path classes, Path jar) throws IOException {
		assertTrue(Files.exists(classes.resolve("plugins.config")), "plugins.config is not packaged at the jar root");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
			for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder())::iterator) {
				out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}

	/**
	 * Runs a macro file with an argument in a fresh ImageJ 1 interpreter, capturing what ImageJ prints
	 * (its log, without a window, goes to stdout; SciJava's log to stderr). Macro errors are recorded ({@link #error}), not shown in
	 * a dialog, which would wait for a click forever.
	 */
	private String runMacro(Path file, String argument) throws IOException {
		String code = Files.readString(file, StandardCharsets.UTF_8);
		stdout = System.out;
		stderr = System.err;
		System.setOut(new PrintStream(new Tee(printed, stdout), true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(new Tee(printed, stderr), true, StandardCharsets.UTF_8));
		try {
			Interpreter interpreter = new Interpreter();
			interpreter.setIgnoreErrors(true);
			String result = interpreter.run(code, argument);
			error = interpreter.getErrorMessage();
			return result;
		} finally {
			System.setOut(stdout);
			System.setErr(stderr);
		}
	}

	private String runMacro(String name, String argument) throws IOException {
		return runMacro(Paths.get("macros", name), argument);
	}

	private String printed() {
		return printed.toString(StandardCharsets.UTF_8);
	}

	@AfterEach
	void closeImages() {
		while (WindowManager.getImageCount() > 0) WindowManager.getImage(WindowManager.getIDList()[0]).close();
	}

	@Test
	void importSampleImportsAndExportsANiftiVolume() throws IOException {
		Path out = tmp.resolve("copy.nii.gz");
		String result = runMacro("import_sample.ijm", TestContexts.SAMPLE.toAbsolutePath() + "|" + out);
		assertEquals(null, error);
		assertEquals("160,160,48", result, printed());
		assertTrue(printed().contains("PUNet imported synth_000: 160x160x48 voxels of 1.5x1.5x3 mm"), printed());
		Volume<?> original = Nifti.read(TestContexts.SAMPLE);
		Volume<?> copy = Nifti.read(out);
		assertArrayEquals(original.dims(), copy.dims());
		assertEquals(original.geometry(), copy.geometry());
		CommandsTest.assertSameValues(original, copy);
	}

	@Test
	void segmentFolderStopsWithTheCommandsMessage() throws IOException {
		Path images = Files.createDirectories(tmp.resolve("images"));
		Files.copy(TestContexts.SAMPLE, images.resolve("case01.nii.gz"));
		Path out = tmp.resolve("labels");
		String result = runMacro("segment_folder.ijm", tmp.resolve("model.punet") + "|" + images + "|" + out);
		// NB: with errors ignored (no dialog) ImageJ keeps the last error message, a parse error after the abort
		assertTrue(error != null && result == null, "the macro went on after the failing command: " + result);
		assertTrue(printed().contains("PUNet: no such file: " + tmp.resolve("model.punet")), printed());
		assertTrue(Files.isDirectory(out));
		assertEquals(0, out.toFile().list().length);
	}

	@Test
	void otherCommandsRunFromAMacroWithTheirParameterNamesAsKeys() throws IOException {
		Path macro = tmp.resolve("data.ijm");
		Files.writeString(macro,
				"setBatchMode(true);\n"
						+ "run(\"Generate Sample Data (PUNet)\", \"out=[\" + getArgument() + \"] subjects=1 seed=5 dims=16,16,4\");\n"
						+ "run(\"Image Info (PUNet)\", \"file=[\" + getArgument() + \"/images/synth_000.nii.gz]\");\n");
		runMacro(macro, tmp.resolve("data").toString());
		assertEquals(null, error);
		assertTrue(Files.exists(tmp.resolve("data/labels/synth_000.nii.gz")), printed());
		assertTrue(printed().contains("Image Info (PUNet): info = " + tmp.resolve("data") + "/images/synth_000.nii.gz: 16×16×4 int16"),
				printed());
	}

	@Test
	void evaluateTwiceGivesTwoTablesWithTheMeanAsTheLastRow() throws IOException {
		Path macro = tmp.resolve("evaluate.ijm");
		Files.writeString(macro, "newImage(\"pred\", \"8-bit black\", 16, 16, 2);\n"
				+ "makeRectangle(0, 0, 8, 8); run(\"Set...\", \"value=1 stack\"); run(\"Select None\");\n"
				+ "newImage(\"ref\", \"8-bit black\", 16, 16, 2);\n"
				+ "makeRectangle(0, 0, 8, 8); run(\"Set...\", \"value=1 stack\"); makeRectangle(8, 8, 4, 4); run(\"Set...\", "
				+ "\"value=2 stack\"); run(\"Select None\");\n"
				+ "run(\"Evaluate (PUNet)\", \"prediction=pred reference=ref\");\n"
				+ "run(\"Evaluate (PUNet)\", \"prediction=pred reference=ref\");\n");
		runMacro(macro, "");
		try {
			assertEquals(null, error, printed());
			ij.text.TextWindow first = (ij.text.TextWindow) WindowManager.getWindow(EvaluateCommand.TABLE + " pred");
			assertTrue(first != null && WindowManager.getWindow(EvaluateCommand.TABLE + " pred (2)") != null, "two tables, two titles");
			ij.measure.ResultsTable t = first.getResultsTable();
			assertEquals(2, t.size(), "class 1 and the mean; class 2 was never predicted");
			assertEquals("mean", t.getStringValue("class", 1));
			assertEquals(1.0, t.getValue("dice", 1), 1e-12);
		} finally {
			for (String title : new String[] {EvaluateCommand.TABLE + " pred", EvaluateCommand.TABLE + " pred (2)"}) {
				java.awt.Window w = WindowManager.getWindow(title);
				if (w instanceof ij.text.TextWindow) ((ij.text.TextWindow) w).close(false);
			}
		}
	}

	/** Writes to two streams. */
	private static final class Tee extends OutputStream {
		private final OutputStream a;
		private final OutputStream b;

		Tee(OutputStream a, OutputStream b) {
			this.a = a;
			this.b = b;
		}

		@Override
		public void write(int c) throws IOException {
			a.write(c);
			b.write(c);
		}

		@Override
		public void write(byte[] buf, int off, int len) throws IOException {
			a.write(buf, off, len);
			b.write(buf, off, len);
		}
	}
}
