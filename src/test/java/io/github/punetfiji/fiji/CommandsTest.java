package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.Volume;
import java.io.File;
import net.imglib2.Cursor;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;

/** The implemented commands in a headless context: outputs, files, and errors reported as messages. */
class CommandsTest {
	private static Context context;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() {
		context = TestContexts.headless();
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private ImagePlus importSample() {
		CommandModule m = TestContexts.run(context, ImportNiftiCommand.class, "open", TestContexts.SAMPLE.toFile());
		assertFalse(m.isCanceled(), () -> "import cancelled: " + m.getCancelReason());
		return (ImagePlus) m.getOutput("image");
	}

	@Test
	void importGivesACalibratedImageWithItsOrientation() {
		ImagePlus imp = importSample();
		assertEquals("synth_000", imp.getTitle());
		assertArrayEquals(new int[] {160, 160, 1, 48, 1}, imp.getDimensions());
		assertEquals("mm", imp.getCalibration().getUnit());
		Volume<?> original = Nifti.read(TestContexts.SAMPLE);
		assertEquals(original.spacing()[0], imp.getCalibration().pixelWidth, 1e-6);
		assertEquals(original.spacing()[2], imp.getCalibration().pixelDepth, 1e-6);
		assertEquals(original.geometry(), imp.getProperty(Images.GEOMETRY));
	}

	@Test
	void exportWritesTheSameVoxelsInTheSameSpace() {
		ImagePlus imp = importSample();
		File out = tmp.resolve("copy.nii.gz").toFile();
		CommandModule m = TestContexts.run(context, ExportNiftiCommand.class, "image", imp, "save", out);
		assertFalse(m.isCanceled(), () -> "export cancelled: " + m.getCancelReason());
		Volume<?> original = Nifti.read(TestContexts.SAMPLE);
		Volume<?> copy = Nifti.read(out.toPath());
		assertArrayEquals(original.dims(), copy.dims());
		assertArrayEquals(original.spacing(), copy.spacing(), 1e-6);
		assertEquals(original.type(), copy.type());
		assertEquals(original.geometry(), copy.geometry());
		assertSameValues(original, copy);
	}

	static void assertSameValues(Volume<?> expected, Volume<?> actual) {
		Cursor<? extends RealType<?>> a = Views.flatIterable(actual.image()).cursor();
		for (RealType<?> e : Views.flatIterable(expected.image())) assertEquals(e.getRealDouble(), a.next().getRealDouble());
	}

	@Test
	void exportAfterRecalibrationScalesTheOrientation() {
		ImagePlus imp = importSample();
		imp.getCalibration().pixelWidth *= 2;
		File out = tmp.resolve("scaled.nii").toFile();
		TestContexts.run(context, ExportNiftiCommand.class, "image", imp, "save", out);
		Volume<?> original = Nifti.read(TestContexts.SAMPLE);
		Volume<?> copy = Nifti.read(out.toPath());
		assertEquals(2 * original.spacing()[0], copy.spacing()[0], 1e-5);
		assertEquals(2 * original.geometry().srow(0)[0], copy.geometry().srow(0)[0], 1e-5);
	}

	@Test
	void imageInfoReportsSizeSpacingTypeAndRange() {
		CommandModule m = TestContexts.run(context, ImageInfoCommand.class, "file", TestContexts.SAMPLE.toFile());
		String info = (String) m.getOutput("info");
		assertTrue(info.startsWith(TestContexts.SAMPLE + ": 160×160×48 int16, spacing "), info);
		assertTrue(info.contains("range [-"), info);
	}

	@Test
	void generateSampleDataWritesImagesLabelsAndClassNames() {
		CommandModule m = TestContexts.run(context, GenerateSampleDataCommand.class, "out", tmp.toFile(), "subjects", 2, "seed", 7L, "dims",
				"16,16,4");
		assertFalse(m.isCanceled(), () -> "cancelled: " + m.getCancelReason());
		for (String d : new String[] {"images", "labels"}) {
			for (String s : new String[] {"synth_000", "synth_001"})
				assertTrue(Files.exists(tmp.resolve(d).resolve(s + ".nii.gz")), d + "/" + s);
		}
		assertTrue(Files.exists(tmp.resolve("labels.json")));
		assertArrayEquals(new long[] {16, 16, 4}, Nifti.read(tmp.resolve("images/synth_001.nii.gz")).dims());
	}

	@Test
	void aMissingFileIsAMessageNotAnException() {
		File missing = tmp.resolve("nope.nii.gz").toFile();
		CommandModule m = TestContexts.run(context, ImportNiftiCommand.class, "open", missing);
		assertTrue(m.isCanceled());
		assertEquals("no such file or folder: " + missing, m.getCancelReason());
		assertEquals(null, m.getOutput("image"));
	}

	@Test
	void badParametersNameTheParameter() {
		CommandModule m = TestContexts.run(context, GenerateSampleDataCommand.class, "out", tmp.toFile(), "subjects", 1, "seed", 1L, "dims",
				"16,16");
		assertTrue(m.isCanceled());
		assertEquals("dims needs three sizes x,y,z, got '16,16'", m.getCancelReason());
		CommandModule n = TestContexts.run(context, ExportNiftiCommand.class, "image", importSample(), "save",
				tmp.resolve("x.png").toFile());
		assertNotNull(n.getCancelReason());
		assertTrue(n.getCancelReason().contains("must end in .nii.gz"), n.getCancelReason());
	}
}
