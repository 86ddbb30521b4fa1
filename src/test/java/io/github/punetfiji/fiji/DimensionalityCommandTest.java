package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import io.github.punetfiji.io.Notes;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.PunetModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;

/**
 * Segment Image (PUNet) with a model of the other dimensionality: a 3D model on a single slice stops the command with
 * one message (its cancel reason, what a macro shows); a 2D model on a stack segments it and notes once, in ImageJ's Log
 * (here the notes' sink), that it went slice by slice.
 */
class DimensionalityCommandTest {
	@TempDir
	Path tmp;

	private Path model(PunetConfig c, String name) {
		Engine.getInstance().setRandomSeed(3);
		Path file = tmp.resolve(name);
		try (NDManager m = NDManager.newBaseManager(); PunetModel pm = PunetModel.create(ModelMetadata.of(c), m)) {
			pm.save(file);
		}
		return file;
	}

	private static ImagePlus image(String title, int slices) {
		ImageStack stack = new ImageStack(40, 40);
		for (int z = 0; z < slices; z++) {
			float[] px = new float[40 * 40];
			for (int i = 0; i < px.length; i++) px[i] = (float) (Math.sin(i * 0.37 + z) * 300);
			stack.addSlice(new FloatProcessor(40, 40, px));
		}
		return new ImagePlus(title, stack);
	}

	@Test
	void segmentImageRefusesASliceForA3dModelAndNotesSliceBySliceForA2dModel() {
		PunetConfig tiny = PunetConfig.preset("tiny");
		Path model3d =
				model(tiny.with("patch_size_students", List.of(List.of(32L, 32L, 4L), List.of(32L, 32L, 4L))).with("patch_size_teacher",
						new int[] {32, 32, 4}).with("attn_window_size", new int[] {4, 4, 2}).validate(), "ct3d.punet");
		Path model2d = model(tiny, "ct2d.punet");
		List<String> notes = new ArrayList<>();
		try (Context context = TestContexts.headless()) {
			Notes.setSink(line -> {
				if (line.contains(".punet")) notes.add(line);
			});
			CommandModule m =
					TestContexts.run(context, SegmentImageCommand.class, "image", image("one slice", 1), "ckpt", model3d.toFile());
			assertTrue(m.isCanceled());
			assertEquals(
					"one slice is a single 2D slice (40×40), but ct3d.punet is a 3D model (windows 4 slices deep), which would pad it "
							+ "with 3 empty "
							+ "slices and give meaningless labels; use a 2D model (preset small or 2d) or a stack of at least 4 slices",
					m.getCancelReason());
			assertEquals(List.of(), notes);

			CommandModule s = TestContexts.run(context, SegmentImageCommand.class, "image", image("stack", 6), "ckpt", model2d.toFile());
			assertFalse(s.isCanceled(), () -> s.getCancelReason());
			assertEquals(6, ((ImagePlus) s.getOutput("labels")).getStackSize());
			assertEquals(
					List.of("note: ct2d.punet is a 2D model: it segments the 6 slices of stack one by one, without context across slices"),
					notes);
		} finally {
			Notes.setSink(line -> System.err.println("punet: " + line));
		}
	}
}
