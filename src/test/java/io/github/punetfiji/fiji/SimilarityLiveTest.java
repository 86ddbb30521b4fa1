package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageCanvas;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatProcessor;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.PunetModel;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;

/**
 * The live similarity map in a real image window: a click on the canvas (a mouse event dispatched to it, on the event
 * thread) moves the point and replaces the heat map with the map of a tiny model at that point and slice, a drag follows
 * the mouse, Esc stops and frees the model, and so does closing the image. Tagged "macro": needs a display (Xvfb).
 */
@Tag("macro")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SimilarityLiveTest {
	private static final boolean DISPLAY = !GraphicsEnvironment.isHeadless() && (System.getenv("DISPLAY") != null || !IJ.isLinux());

	@Test
	void aClickMovesThePointAndEscStops(@TempDir Path tmp) throws Exception {
		assumeTrue(DISPLAY, "no display (run under xvfb-run, as ./test.sh does)");
		Path model = tmp.resolve("tiny.punet");
		try (NDManager nd = NDManager.newBaseManager();
				PunetModel pm = PunetModel.create(ModelMetadata.of(PunetConfig.preset("tiny")), nd)) {
			pm.save(model);
		}
		ImageStack s = new ImageStack(32, 32);
		for (int z = 0; z < 3; z++) {
			float[] px = new float[32 * 32];
			for (int i = 0; i < px.length; i++) px[i] = (float) (Math.sin(i * 0.37 + z) * 500);
			s.addSlice(new FloatProcessor(32, 32, px));
		}
		ImagePlus ct = new ImagePlus("live ct", s);
		ct.show();
		waitFor(() -> ct.getWindow() != null && ct.getCanvas().isShowing(), "the image window");
		try (Context context = TestContexts.headless()) {
			CommandModule m = TestContexts.run(context, SimilarityMapCommand.class, "image", ct, "ckpt", model.toFile(), "point", "5,7,0",
					"live", true, "device", "cpu");
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			SimilarityLive live = SimilarityLive.of(ct);
			assertNotNull(live, "the live map listens to the image");
			assertPoint(ct, 5.5, 7.5, 1);

			ct.setSlice(3);
			ImageCanvas canvas = ct.getCanvas();
			mouse(canvas, MouseEvent.MOUSE_PRESSED, 20, 12);
			mouse(canvas, MouseEvent.MOUSE_RELEASED, 20, 12);
			waitFor(() -> pointAt(ct, 20.5, 12.5), () -> "the point moved to the click (computing: " + live.explorer().isBusy() + ")");
			assertTrue(live.explorer().awaitIdle(60_000));
			assertPoint(ct, 20.5, 12.5, 3);
			Roi[] heat = named(ct, "PUNet similarity z=");
			assertEquals(1, heat.length, "one heat map, replaced: " + Arrays.toString(ct.getOverlay().toArray()));
			assertEquals("PUNet similarity z=3", heat[0].getName(), "the map of the slice clicked on");
			assertEquals(3, ct.getCurrentSlice());

			mouse(canvas, MouseEvent.MOUSE_PRESSED, 10, 10);
			for (int x = 11; x <= 16; x++) mouse(canvas, MouseEvent.MOUSE_DRAGGED, x, 10);
			waitFor(() -> pointAt(ct, 16.5, 10.5), "the point followed the drag");
			assertTrue(live.explorer().awaitIdle(60_000));
			assertPoint(ct, 16.5, 10.5, 3);

			EventQueue.invokeAndWait(() -> canvas.dispatchEvent(
					new KeyEvent(canvas, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, KeyEvent.VK_ESCAPE,
							KeyEvent.CHAR_UNDEFINED)));
			assertNull(SimilarityLive.of(ct), "Esc stops the live map");
			assertTrue(live.explorer().awaitIdle(60_000));
			assertTrue(live.modelClosed(), "the model is freed");
			mouse(canvas, MouseEvent.MOUSE_PRESSED, 3, 3);
			IJ.wait(300);
			assertPoint(ct, 16.5, 10.5, 3); // NB: no listener any more

			CommandModule m2 = TestContexts.run(context, SimilarityMapCommand.class, "image", ct, "ckpt", model.toFile(), "point", "5,7,0",
					"live", true, "device", "cpu");
			assertFalse(m2.isCanceled(), () -> m2.getCancelReason());
			SimilarityLive again = SimilarityLive.of(ct);
			assertNotNull(again);
		} finally {
			SimilarityLive last = SimilarityLive.of(ct);
			ct.changes = false;
			ct.close();
			if (last != null) {
				// NB: the window closes on the event thread
				waitFor(() -> SimilarityLive.of(ct) == null, "closing the image to stop the live map");
				assertTrue(last.explorer().awaitIdle(60_000));
				assertTrue(last.modelClosed(), "closing the image frees the model");
			}
		}
	}

	private static void mouse(ImageCanvas canvas, int id, int x, int y) throws Exception {
		int sx = canvas.screenXD(x + 0.5), sy = canvas.screenYD(y + 0.5); // NB: the middle of the pixel at any zoom
		int modifiers = id == MouseEvent.MOUSE_DRAGGED || id == MouseEvent.MOUSE_PRESSED ? InputEvent.BUTTON1_DOWN_MASK : 0;
		EventQueue.invokeAndWait(() -> canvas.dispatchEvent(
				new MouseEvent(canvas, id, System.currentTimeMillis(), modifiers, sx, sy, 1, false, MouseEvent.BUTTON1)));
	}

	private static Roi[] named(ImagePlus imp, String prefix) {
		return Arrays.stream(imp.getOverlay().toArray()).filter(r -> r.getName() != null && r.getName().startsWith(prefix))
				.toArray(Roi[]::new);
	}

	private static boolean pointAt(ImagePlus imp, double x, double y) {
		Roi[] p = named(imp, "PUNet similarity point");
		return p.length == 1 && Math.abs(((PointRoi) p[0]).getFloatPolygon().xpoints[0] - x) < 1e-6
				&& Math.abs(((PointRoi) p[0]).getFloatPolygon().ypoints[0] - y) < 1e-6;
	}

	private static void assertPoint(ImagePlus imp, double x, double y, int slice) {
		assertTrue(pointAt(imp, x, y), "the point at " + x + "," + y + ": " + Arrays.toString(named(imp, "PUNet similarity point")));
		assertEquals(slice, named(imp, "PUNet similarity point")[0].getPosition());
	}

	private static void waitFor(BooleanSupplier condition, String what) {
		waitFor(condition, () -> what);
	}

	private static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> what) {
		for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) IJ.wait(100);
		assertTrue(condition.getAsBoolean(), () -> "timed out waiting for " + what.get());
	}
}
