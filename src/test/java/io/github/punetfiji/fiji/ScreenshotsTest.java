package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;
import io.github.punetfiji.api.AnnotatedVolumes;
import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's screenshots, taken from the screen of real ImageJ 1 (with its window, under Xvfb) by {@link Robot}: the
 * Plugins › PUNet menu opened, the annotate → prompt-tune result (the learnt structure as an overlay on the sample CT,
 * with the outline it learnt from), the similarity map on the sample CT (heat map, colour bar, the point marked) and the
 * maps with and without prompts side by side. They are written to {@code docs/screenshots/} only when asked,
 * {@code -Dpunet.screenshots=docs/screenshots}; otherwise to a temporary folder, so an ordinary run rewrites no committed
 * file. Either way each picture must show something: many colours where the image or menu is, not a blank screen.
 *
 * <p>NB: tagged "macro" (own JVM with a display, Xvfb); skipped without a display. It opens ImageJ's main window, so it
 * quits ImageJ afterwards: the other macro tests expect no ImageJ window (errors would open dialogs there).
 */
@Tag("macro")
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // NB: a dialog left open would wait forever
class ScreenshotsTest {
	private static final boolean DISPLAY = !GraphicsEnvironment.isHeadless() && (System.getenv("DISPLAY") != null || !IJ.isLinux());
	/** Training steps of the annotate → prompt-tune run shown. */
	private static final int STEPS = 200;
	/** The slices (from 1) outlined in the ROI Manager, and the one shown. */
	private static final int[] SLICES = {14, 24, 34};
	private static final int SHOWN = 24;
	/** The tiny test body's weights (random, seeded) for the ordinary runs. */
	private static final int SEED = 7;
	/** Pre-training steps of the tiny body whose similarity map is shown. */
	private static final int PRETRAIN_STEPS = 200;
	/**
	 * Whether the pictures are published ({@code -Dpunet.screenshots}): then the run shown is the one a user makes — the
	 * bundled sample body taught kidney_right (class 4, which it never saw) from outlines on three slices, and the same
	 * body's similarity maps. An ordinary run takes the same pictures from a tiny test body and the liver in a fraction of
	 * the time; whether a 200-step tiny body finds anything depends on the CPU's arithmetic, so only the published run
	 * requires the overlay and a map higher on the liver than on the other organs.
	 */
	private static boolean published;

	@TempDir
	static Path tmp;
	static Path dir;
	static Robot robot;

	@BeforeAll
	static void startImageJ() throws Exception {
		if (!DISPLAY) return;
		AnnotateMacroTest.installPlugin(); // NB: the packaged plugin in plugins/, as a user installs it
		String asked = System.getProperty("punet.screenshots");
		published = asked != null && !asked.isBlank();
		dir = published ? Paths.get(asked) : tmp.resolve("screenshots");
		Files.createDirectories(dir);
		new ImageJ();
		robot = new Robot();
		IJ.wait(1000);
		IJ.getInstance().setLocation(0, 0);
	}

	@AfterEach
	void closeWindows() {
		if (!DISPLAY) return;
		key(KeyEvent.VK_ESCAPE); // NB: closes a menu left open
		key(KeyEvent.VK_ESCAPE);
		while (WindowManager.getImageCount() > 0) {
			ImagePlus imp = WindowManager.getImage(WindowManager.getIDList()[0]);
			imp.changes = false;
			imp.close();
		}
		RoiManager rm = RoiManager.getInstance();
		if (rm != null) rm.close();
	}

	@AfterAll
	static void quitImageJ() {
		ImageJ ij = IJ.getInstance();
		if (ij == null) return;
		// NB: and the Log: while it is open, a macro's print goes there rather than to stdout, where the macro tests read it
		for (java.awt.Window w : WindowManager.getAllNonImageWindows()) {
			if (w instanceof ij.text.TextWindow) ((ij.text.TextWindow) w).close();
			else w.dispose();
		}
		ij.exitWhenQuitting(false);
		ij.quit();
		for (int i = 0; i < 50 && IJ.getInstance() != null; i++) IJ.wait(100);
		assertEquals(null, IJ.getInstance(), "ImageJ's window must be gone for the next macro tests");
	}

	@Test
	void thePunetMenu() throws IOException {
		assumeTrue(DISPLAY, "no display: run the tests with ./test.sh, which uses xvfb-run");
		ImageJ ij = IJ.getInstance();
		MenuBar bar = Menus.getMenuBar();
		int plugins = -1;
		for (int i = 0; i < bar.getMenuCount(); i++) if (bar.getMenu(i).getLabel().equals("Plugins")) plugins = i;
		assertTrue(plugins >= 0, "ImageJ has a Plugins menu");
		Menu menu = bar.getMenu(plugins);
		int down = -1;
		for (int i = 0, item = 0; i < menu.getItemCount(); i++) {
			if (menu.getItem(i).getLabel().equals("PUNet")) down = item;
			if (!menu.getItem(i).getLabel().equals("-")) item++; // NB: the keys skip separators
		}
		assertTrue(down >= 0, "Plugins › PUNet exists");
		// NB: the keyboard opens the menus (F10 opens File; Left moves along the bar without opening the first item's
		// submenu, which Right would), as AWT lays menus out natively with no positions to click at
		Point at = ij.getLocationOnScreen();
		robot.mouseMove(at.x + ij.getWidth() / 2, at.y + ij.getHeight() - 10);
		ij.toFront();
		IJ.wait(500);
		key(KeyEvent.VK_F10);
		for (int i = plugins; i < bar.getMenuCount(); i++) key(KeyEvent.VK_LEFT);
		for (int i = 0; i < down; i++) key(KeyEvent.VK_DOWN);
		key(KeyEvent.VK_RIGHT);
		IJ.wait(500);
		BufferedImage screen =
				robot.createScreenCapture(new Rectangle(GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds()));
		Rectangle shown = content(screen);
		assertTrue(shown.width > ij.getWidth() / 2 && shown.height > ij.getHeight() * 3, "the menu opened below ImageJ's window: " + shown);
		BufferedImage menuShot = screen.getSubimage(shown.x, shown.y, shown.width, shown.height);
		assertTrue(colours(menuShot) >= 8, "the menu shows text and icons, not a blank area");
		ImageIO.write(menuShot, "png", dir.resolve("menu.png").toFile());
	}

	@Test
	void annotateThenPromptTuneShowsTheStructureOnTheImage() throws IOException {
		assumeTrue(DISPLAY, "no display: run the tests with ./test.sh, which uses xvfb-run");
		ai.djl.engine.Engine.getInstance().setRandomSeed(SEED);
		Path body = published ? io.github.punetfiji.api.SampleBody.file() : AnnotatedVolumes.body(tmp.resolve("body.punet"));
		int k = published ? 4 : AnnotatedVolumes.CLASS;
		String name = published ? "kidney_right" : "liver";
		int[] slices = published ? new int[] {10, 15, 20} : SLICES;
		int shown = published ? 15 : SHOWN;
		IJ.run("Import NIfTI (PUNet)", "open=[" + Paths.get("sample-data/labels/synth_000.nii.gz").toAbsolutePath() + "]");
		ImagePlus labels = WindowManager.getCurrentImage();
		IJ.run("Import NIfTI (PUNet)", "open=[" + Paths.get("sample-data/images/synth_000.nii.gz").toAbsolutePath() + "]");
		ImagePlus image = WindowManager.getCurrentImage();
		assertTrue(image != labels && image.getStackSize() == labels.getStackSize(), "the sample CT and its labels are open");
		IJ.run(image, "Grays", "");
		// NB: the user's outlines: the liver (label 1) of the sample labels on three slices, each in the ROI Manager on its slice
		RoiManager rm = RoiManager.getRoiManager();
		Roi outline = null;
		for (int z : slices) {
			ImageProcessor ip = labels.getStack().getProcessor(z).duplicate();
			ip.setThreshold(k, k, ImageProcessor.NO_LUT_UPDATE);
			Roi roi = ThresholdToSelection.run(new ImagePlus("slice", ip));
			assertNotNull(roi, name + " shows on slice " + z);
			roi.setPosition(z);
			rm.addRoi(roi);
			if (z == shown) outline = (Roi) roi.clone();
		}
		labels.changes = false;
		labels.close();
		rm.setLocation(900, 600);
		image.setSlice(shown);
		IJ.run(image, "Prompt-tune from Annotations (PUNet)",
				"image=[" + image.getTitle() + "] model=[" + body + "] class_index=" + k
						+ " class_name=" + name + " out=[" + tmp.resolve("tuned") + "] steps=" + STEPS
						+ " batch_size=2 device=cpu threads=0");
		if (published) assertTrue(image.getOverlay() != null && image.getOverlay().size() > 0, "the structure is an overlay on the image");
		assertEquals(shown, image.getCurrentSlice(), "the slice shown stays");
		image.setRoi(outline);
		capture(image, "overlay", "annotate-prompt-tune.png");
	}

	@Test
	void theSimilarityMapOnTheSampleCt() throws IOException {
		assumeTrue(DISPLAY, "no display: run the tests with ./test.sh, which uses xvfb-run");
		ai.djl.engine.Engine.getInstance().setRandomSeed(SEED);
		// NB: published, the bundled body (the annotate picture's too); ordinarily a tiny body pre-trained here, faster
		long t0 = System.nanoTime();
		Path body = published ? io.github.punetfiji.api.SampleBody.file() : pretrainedTiny(tmp.resolve("similarity-body"));
		if (!published) System.out.println("pre-training the tiny body took " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
		IJ.run("Import NIfTI (PUNet)", "open=[" + Paths.get("sample-data/labels/synth_000.nii.gz").toAbsolutePath() + "]");
		ImagePlus labels = WindowManager.getCurrentImage();
		// NB: a point in the liver, a base class of the bundled body (its map is high on the liver; kidney_left's and the
		// aorta's spread over the whole body); the map's prompts are the model's first trained class, the liver too
		int[] point = inside(labels, SHOWN, AnnotatedVolumes.CLASS);
		ImageProcessor shownLabels = labels.getStack().getProcessor(SHOWN).duplicate();
		labels.changes = false;
		labels.close();
		IJ.run("Import NIfTI (PUNet)", "open=[" + Paths.get("sample-data/images/synth_000.nii.gz").toAbsolutePath() + "]");
		ImagePlus image = WindowManager.getCurrentImage();
		IJ.run(image, "Grays", "");
		IJ.run(image, "Similarity Map (PUNet)", "image=[" + image.getTitle() + "] ckpt=[" + body + "] point=" + point[0] + ","
				+ point[1] + "," + point[2] + " with_prompts side_by_side device=cpu threads=0");
		assertEquals(point[2] + 1, image.getCurrentSlice(), "the image shows the point's slice");
		assertTrue(image.getOverlay() != null && image.getOverlay().size() > 2,
				"the heat map, the point and the colour bar lie on the image");
		if (published) {
			ImagePlus map = WindowManager.getImage(image.getShortTitle() + "_similarity");
			assertNotNull(map, "the map opens as an image");
			double[] inside = meanSimilarity(map.getStack().getProcessor(SHOWN), shownLabels, true);
			double[] outside = meanSimilarity(map.getStack().getProcessor(SHOWN), shownLabels, false);
			System.out.printf(java.util.Locale.ROOT, "similarity to the point: %.2f in the liver, %.2f in the other organs%n", inside[0],
					outside[0]);
			assertTrue(inside[0] > outside[0] + 0.2, "the map is high on the structure at the point, lower elsewhere: " + inside[0]
					+ " in the liver, " + outside[0] + " in the other organs");
		}
		capture(image, "heat map", "similarity.png");
		ImagePlus both = WindowManager.getImage(image.getShortTitle() + "_similarity_prompts");
		assertNotNull(both, "the maps with and without prompts side by side");
		ImageWindow bothWindow = both.getWindow();
		bothWindow.setLocation(image.getWindow().getWidth() + 10, IJ.getInstance().getHeight() + 10);
		IJ.run(both, "In [+]", "");
		bothWindow.toFront();
		IJ.wait(1000);
		assertTrue(colours(robot.createScreenCapture(bothWindow.getBounds())) >= 64, "both maps show on the screen");
		ImageIO.write(robot.createScreenCapture(bothWindow.getBounds()), "png", dir.resolve("similarity-prompts.png").toFile());
	}

	/**
	 * A tiny body pre-trained on the sample data for {@link #PRETRAIN_STEPS} steps (CPA with segmentation supervision of the
	 * sample's classes): an untrained network embeds every voxel alike, and its map would be one colour.
	 */
	private static Path pretrainedTiny(Path out) {
		io.github.punetfiji.api.TrainingSettings settings =
				new io.github.punetfiji.api.TrainingSettings(2, 1, 0, PRETRAIN_STEPS, 1e-3, 1e-2, 0.01, SEED, 0);
		io.github.punetfiji.api.TrainRequest r = new io.github.punetfiji.api.TrainRequest(Paths.get("sample-data/images"),
				Paths.get("sample-data/labels"), out, "tiny", null, false, "meta", new int[] {1, 2, 3, 4, 5, 6, 7, 8}, null, settings,
				java.util.Map.of(), false, new io.github.punetfiji.api.Compute(io.github.punetfiji.api.Device.CPU, 0));
		return io.github.punetfiji.api.Punet.pretrain(r, io.github.punetfiji.Progress.NONE).model();
	}

	/**
	 * The mean of {@code map} over the pixels of the point's class ({@code liver}) or over the other labelled pixels (the
	 * rest of the body), where the map is defined; and their count.
	 */
	private static double[] meanSimilarity(ImageProcessor map, ImageProcessor labels, boolean liver) {
		double sum = 0;
		long n = 0;
		for (int y = 0; y < map.getHeight(); y++) {
			for (int x = 0; x < map.getWidth(); x++) {
				int label = (int) labels.getf(x, y);
				float v = map.getf(x, y);
				if (label == 0 || (label == AnnotatedVolumes.CLASS) != liver || Float.isNaN(v)) continue;
				sum += v;
				n++;
			}
		}
		assertTrue(n > 0, "the map covers the " + (liver ? "liver" : "other organs"));
		return new double[] {sum / n, n};
	}

	/** A voxel (x, y, z from 0) near the middle of label {@code value} on slice {@code slice} (from 1) of {@code labels}. */
	private static int[] inside(ImagePlus labels, int slice, int value) {
		ImageProcessor ip = labels.getStack().getProcessor(slice);
		long sx = 0, sy = 0, n = 0;
		for (int y = 0; y < ip.getHeight(); y++) {
			for (int x = 0; x < ip.getWidth(); x++) {
				if ((int) ip.getf(x, y) != value) continue;
				sx += x;
				sy += y;
				n++;
			}
		}
		assertTrue(n > 0, "label " + value + " shows on slice " + slice);
		int cx = (int) (sx / n), cy = (int) (sy / n);
		assertEquals(value, (int) ip.getf(cx, cy), "the label's centre lies inside it");
		return new int[] {cx, cy, slice - 1};
	}

	/**
	 * Shows {@code image} below ImageJ's window, zoomed in twice, checks that its canvas and {@code what} lie on the screen
	 * (not a blank canvas) and writes the window's picture to {@code file} in the screenshot folder.
	 */
	private static void capture(ImagePlus image, String what, String file) throws IOException {
		ImageWindow window = image.getWindow();
		window.setLocation(0, IJ.getInstance().getHeight() + 10);
		IJ.run(image, "In [+]", "");
		IJ.run(image, "In [+]", "");
		window.toFront();
		IJ.wait(1000);
		ImageCanvas canvas = image.getCanvas();
		Rectangle pixels = new Rectangle(canvas.getLocationOnScreen(), canvas.getSize());
		assertTrue(colours(robot.createScreenCapture(pixels)) >= 64,
				"the image and its " + what + " show on the screen, not a blank canvas");
		ImageIO.write(robot.createScreenCapture(window.getBounds()), "png", dir.resolve(file).toFile());
	}

	private static void key(int code) {
		robot.keyPress(code);
		robot.keyRelease(code);
		IJ.wait(250);
	}

	/** The bounding box of what is not the (black) screen background. */
	private static Rectangle content(BufferedImage screen) {
		int x0 = screen.getWidth(), y0 = screen.getHeight(), x1 = -1, y1 = -1;
		for (int y = 0; y < screen.getHeight(); y++) {
			for (int x = 0; x < screen.getWidth(); x++) {
				if ((screen.getRGB(x, y) & 0xffffff) == 0) continue;
				x0 = Math.min(x0, x);
				y0 = Math.min(y0, y);
				x1 = Math.max(x1, x);
				y1 = Math.max(y1, y);
			}
		}
		return x1 < 0 ? new Rectangle() : new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
	}

	private static int colours(BufferedImage image) {
		Set<Integer> seen = new HashSet<>();
		for (int y = 0; y < image.getHeight(); y++) for (int x = 0; x < image.getWidth(); x++) seen.add(image.getRGB(x, y) & 0xffffff);
		return seen.size();
	}
}
