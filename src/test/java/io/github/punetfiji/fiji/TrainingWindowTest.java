package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import ij.gui.Plot;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.Progress;
import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.ValidationScore;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.train.Trainer;
import io.github.punetfiji.train.TrainingOptions;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.event.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * The training window on a real display (Xvfb): the loss plot follows the steps, validation Dice is a second series, and
 * Stop stops a real training, which keeps its model. Tagged "macro": runs in the JVM with a display ({@code ./test.sh}).
 */
@Tag("macro")
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrainingWindowTest {
	private static final boolean DISPLAY = !GraphicsEnvironment.isHeadless() && (System.getenv("DISPLAY") != null || !IJ.isLinux());

	@TempDir
	Path tmp;

	private static TrainingStep step(int k, double loss, ValidationScore v) {
		return new TrainingStep(k, 10, 0, Map.of("all", loss), new double[] {1e-3, 1e-2}, 10 - k, 0, v);
	}

	private static void press(java.awt.Button b) throws Exception {
		EventQueue.invokeAndWait(() -> b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, b.getLabel())));
	}

	@Test
	void theLossIsPlottedInPlaceAsStepsArriveWithTheValidationDiceAndStopIsHeard() throws Exception {
		assumeTrue(DISPLAY, "no display (run under xvfb-run, as ./test.sh does)");
		assertNull(TrainingWindow.open("PUNet test", true), "never shown headless");
		TrainingWindow w = TrainingWindow.show("PUNet test");
		try {
			w.add(step(1, 0.9, null));
			w.add(step(2, 0.7, null));
			w.add(step(3, 0.5, new ValidationScore(0.6, Map.of(1, 0.6), Map.of(1, "liver"), 4, 0.1))); // NB: a validation always redraws
			Plot p = w.currentPlot();
			assertArrayEquals(new float[] {1, 2, 3}, p.getDataObjectArrays(0)[0]);
			assertArrayEquals(new float[] {0.9f, 0.7f, 0.5f}, p.getDataObjectArrays(0)[1]);
			assertArrayEquals(new float[] {0.6f}, p.getDataObjectArrays(1)[1], "the validation Dice, a second series");
			Plot before = p;
			w.add(step(10, 0.3, null)); // NB: the last step always redraws
			assertTrue(w.currentPlot() != before && w.currentPlot().getDataObjectArrays(0)[0].length == 4, "redrawn in the same window");

			assertTrue(w.stopButton().isShowing(), "Stop is shown in the plot's window");
			assertFalse(w.stopRequested());
			press(w.stopButton());
			assertTrue(w.stopRequested());
			w.finish("Stopped");
			EventQueue.invokeAndWait(() -> {});
			assertFalse(w.stopButton().isEnabled());
			assertEquals("Stopped", w.stopButton().getLabel());

			w.close();
			w.add(step(10, 0.2, null));
			w.finish("Finished");
			EventQueue.invokeAndWait(() -> {});
			assertFalse(w.stopButton().isShowing(), "a window the user closed stays closed while the run goes on");
		} finally {
			w.close();
		}
	}

	@Test
	void aRunThatNeverStepsLeavesNoEmptyWindow() throws Exception {
		assumeTrue(DISPLAY, "no display (run under xvfb-run, as ./test.sh does)");
		TrainingWindow w = TrainingWindow.show("PUNet refused");
		assertTrue(w.stopButton().isShowing());
		w.finish("Stopped");
		EventQueue.invokeAndWait(() -> {});
		assertFalse(w.stopButton().isShowing());
	}

	@Test
	void stopEndsARealTrainingWhichKeepsItsModel() throws Exception {
		assumeTrue(DISPLAY, "no display (run under xvfb-run, as ./test.sh does)");
		Path data = tmp.resolve("data");
		SampleData.write(data, 2, 7, new int[] {48, 48, 4}, "test", 1);
		TrainingOptions o = new TrainingOptions();
		o.preset = "tiny";
		o.dirImages = data.resolve("images");
		o.dirMasks = data.resolve("labels");
		o.out = tmp.resolve("run");
		o.batchSize = 2;
		o.maxSteps = 50;
		o.checkpointEvery = 0;
		o.overrides.put("label_indices_base", List.of(1L, 2L));
		TrainingWindow w = TrainingWindow.show("PUNet test training");
		try (Context context = new Context(StatusService.class, LogService.class)) {
			org.scijava.Cancelable never = TestCancelable.never();
			Progress progress = FijiProgress.training(never, context.service(StatusService.class), context.service(LogService.class),
					"Pre-train", s -> {
						w.add(s);
						if (s.step() == 2) {
							try {
								press(w.stopButton());
							} catch (Exception e) {
								throw new AssertionError(e);
							}
						}
					}, w::stopRequested);
			CancelledException e = assertThrows(CancelledException.class, () -> Trainer.run(o, progress));
			assertTrue(e.getMessage().contains("model.punet"), e.getMessage());
			assertEquals(2,
					((Number) ModelFile.read(o.out.resolve("model.punet")).metadata().provenance().get("stopped_at_step")).intValue());
			assertTrue(Files.exists(o.out.resolve("checkpoints/step_000002.punet")));
			assertEquals(3, Files.readAllLines(o.out.resolve("losses.csv")).size());
			w.finish("Stopped");
			assertEquals(2, w.currentPlot().getDataObjectArrays(0)[0].length, "the plot shows the steps done");
		} finally {
			w.close();
		}
	}
}
