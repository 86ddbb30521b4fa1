package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import io.github.punetfiji.api.AnnotatedVolumes;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.model.file.ModelFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;

/**
 * Prompt-tune from Annotations in a headless SciJava context: a label image annotates the structure on two slices of a
 * small synthetic CT; the tuned model is written, the structure appears as an overlay on the image at its slices without
 * changing the slice shown, a second run continues from the first, and bad input is one message each.
 */
class AnnotatePromptTuneCommandTest {
	@TempDir
	static Path tmp;
	static Path body;
	static Volume<?> image;
	static Path labels;

	@BeforeAll
	static void data() {
		body = AnnotatedVolumes.body(tmp.resolve("body.punet"));
		Volume<?>[] s = AnnotatedVolumes.subject(tmp.resolve("data"));
		image = s[0];
		labels = tmp.resolve("liver_on_2_5.tif");
		Volumes.save(userLabels(s[1], AnnotatedVolumes.CLASS, 2, 5), labels);
	}

	/** A label image as a user draws it: the structure's voxels on some slices (ImageJ numbers from 1) hold 7, all else 0. */
	@SuppressWarnings("unchecked")
	static Volume<UnsignedByteType> userLabels(Volume<?> reference, int value, int... slices) {
		ArrayImg<UnsignedByteType, ?> a = ArrayImgs.unsignedBytes(reference.dims());
		net.imglib2.Cursor<? extends RealType<?>> c =
				Views.flatIterable((net.imglib2.RandomAccessibleInterval<? extends RealType<?>>) reference.image())
						.localizingCursor();
		for (UnsignedByteType t : Views.flatIterable(a)) {
			double v = c.next().getRealDouble();
			int z = c.getIntPosition(2) + 1;
			t.set(v == value && Arrays.stream(slices).anyMatch(s -> s == z) ? 7 : 0);
		}
		return new Volume<>(a, reference.spacing(), "labels");
	}

	private static CommandModule run(Context context, ImagePlus imp, Object... more) {
		Object[] base = {"image", imp, "model", body.toFile(), "class_index", AnnotatedVolumes.CLASS, "steps", 2, "out",
				tmp.resolve("out").toFile(),
				"device", "cpu"};
		Object[] all = Arrays.copyOf(base, base.length + more.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return TestContexts.run(context, AnnotatePromptTuneCommand.class, all);
	}

	@Test
	void aLabelImageTunesTheModelAndTheStructureAppearsOnTheImageAndASecondRunContinues() throws Exception {
		ImagePlus imp = Images.toImagePlus(image);
		imp.setSlice(4);
		try (Context context = TestContexts.headless()) {
			CommandModule m = run(context, imp, "labels", labels.toString(), "class_name", "liver");
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			Path model = ((File) m.getOutput("tuned_model")).toPath();
			assertEquals(tmp.resolve("out/model.punet").toAbsolutePath(), model);
			assertTrue(ModelFile.read(model).metadata().config().downstream());
			assertEquals(4, imp.getCurrentSlice(), "the slice shown stays");
			// NB: a 2-step tiny model may find the structure on no slice (that depends on the CPU's arithmetic), so the overlay
			// is checked against the tuned model's own segmentation; StructureOverlayTest checks the drawing
			assertEquals(slicesWithTheClass(model, image), overlaySlices(imp), "one overlay element per slice the model finds");
			for (Roi r : imp.getOverlay().toArray()) {
				assertEquals("PUNet: liver", r.getName());
				assertTrue(r instanceof ij.gui.ImageRoi && r.getPosition() >= 1 && r.getPosition() <= 6,
						"one translucent image per slice: " + r);
			}
			int shown = imp.getOverlay().size();

			CommandModule again = run(context, imp, "labels", labels.toString(), "class_name", "liver");
			assertFalse(again.isCanceled(), () -> again.getCancelReason());
			assertEquals(tmp.resolve("out/run_001/model.punet").toAbsolutePath().toString(),
					ModelFile.read(model).metadata().provenance().get("parent"), "the second run starts from the first's model");
			assertTrue(Files.exists(tmp.resolve("out/run_002/masks/" + image.name() + ".nii.gz")));
			assertTrue(imp.getOverlay().size() <= 6,
					"the earlier overlay is replaced, not added to: " + shown + " then " + imp.getOverlay().size());
		}
	}

	@Test
	void badInputIsOneMessage() {
		ImagePlus colour = new ImagePlus("photo", new ColorProcessor(40, 40));
		try (Context context = TestContexts.headless()) {
			assertEquals(
					"no label image given, and headless ImageJ has no ROI Manager: name a label image with labels=… (a file, or the "
							+ "title of an open image)",
					run(context, Images.toImagePlus(image)).getCancelReason());
			assertEquals("photo is a colour image; PUNet needs grey values (convert it to 8-, 16- or 32-bit grey first)",
					run(context, colour, "labels", labels.toString()).getCancelReason());
			assertEquals("labels: no open image is titled 'nothing' and no such file exists",
					run(context, Images.toImagePlus(image), "labels", "nothing").getCancelReason());
			assertEquals("class 3 is already a base class of body.punet (base classes [2, 3]); choose a class index it has not learnt",
					run(context, Images.toImagePlus(image), "labels", labels.toString(), "class_index", 3).getCancelReason());
			assertEquals("slice 2 is named as without the structure (background_slices) but the label image marks it there",
					run(context, Images.toImagePlus(image), "labels", labels.toString(), "background_slices", "2").getCancelReason());
		}
	}

	/** The slices (ImageJ numbers) where {@code model} segments the annotated class in {@code v}. */
	@SuppressWarnings("unchecked")
	private static java.util.Set<Integer> slicesWithTheClass(Path model, Volume<?> v) {
		io.github.punetfiji.api.SegmentResult r =
				io.github.punetfiji.api.Punet.segment(new io.github.punetfiji.api.SegmentRequest(model,
						v, new int[] {AnnotatedVolumes.CLASS}, 0.5, false, null,
						new io.github.punetfiji.api.Compute(io.github.punetfiji.api.Device.CPU, 0)), io.github.punetfiji.Progress.NONE);
		java.util.Set<Integer> slices = new java.util.TreeSet<>();
		net.imglib2.Cursor<? extends RealType<?>> c =
				Views.flatIterable((net.imglib2.RandomAccessibleInterval<? extends RealType<?>>) r.labels().image()).localizingCursor();
		while (c.hasNext()) if (c.next().getRealDouble() == AnnotatedVolumes.CLASS) slices.add(c.getIntPosition(2) + 1);
		return slices;
	}

	private static java.util.Set<Integer> overlaySlices(ImagePlus imp) {
		java.util.Set<Integer> slices = new java.util.TreeSet<>();
		if (imp.getOverlay() != null) for (Roi r : imp.getOverlay().toArray()) slices.add(r.getPosition());
		return slices;
	}
}
