package io.github.punetfiji.fiji;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import io.github.punetfiji.Progress;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.api.SimilaritySession;
import io.github.punetfiji.data.Volume;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.Map;
import java.util.IdentityHashMap;

/**
 * The live similarity map on an image window: a click (or a drag) on the image recomputes the map at that point of the slice
 * shown, with the model kept loaded, and replaces the overlay ({@link SimilarityOverlays}); {@link SimilarityExplorer}
 * computes on its own thread, the latest point only. It stops when the image closes, when Esc is pressed on it, or when a
 * new live map starts on the same image; stopping removes the listeners and closes the model.
 */
final class SimilarityLive implements ImageListener {
	private static final Map<ImagePlus, SimilarityLive> ACTIVE = new IdentityHashMap<>();

	private final ImagePlus image;
	private final ImageCanvas canvas;
	private final ImageWindow window;
	private final SimilarityExplorer<SimilarityResult> explorer;
	private final SimilaritySession session;
	private final MouseAdapter mouse = new MouseAdapter() {
		@Override
		public void mousePressed(MouseEvent e) {
			pointAt(e);
		}

		@Override
		public void mouseDragged(MouseEvent e) {
			pointAt(e);
		}
	};
	private final KeyListener keys = new KeyAdapter() {
		@Override
		public void keyPressed(KeyEvent e) {
			if (e.getKeyCode() == KeyEvent.VK_ESCAPE) stop();
		}
	};

	private SimilarityLive(ImagePlus image, SimilarityExplorer<SimilarityResult> explorer, SimilaritySession session) {
		this.image = image;
		this.session = session;
		this.window = image.getWindow();
		this.canvas = image.getCanvas();
		this.explorer = explorer;
	}

	/**
	 * Starts the live map on {@code image}'s window with the loaded {@code session} (closed when it stops), the same prompts as
	 * the first map; stops a live map already on the image.
	 *
	 * @throws io.github.punetfiji.PunetException when the image has no window (headless, batch mode)
	 */
	static SimilarityLive start(ImagePlus image, SimilaritySession session, boolean withPrompts, int[] labelIndices) {
		if (image.getWindow() == null || image.getCanvas() == null) {
			throw new io.github.punetfiji.PunetException(refusal(image));
		}
		Volume<?> volume = Images.toVolume(image);
		String title = image.getTitle();
		SimilarityExplorer<SimilarityResult> explorer = new SimilarityExplorer<>(
				p -> session.map(volume, p, withPrompts, labelIndices, Progress.NONE),
				(p, r) -> {
					SimilarityOverlays.show(image, r, p, null);
					IJ.showStatus("PUNet similarity at " + p[0] + "," + p[1] + "," + p[2] + " (Esc stops)");
				},
				message -> IJ.log("PUNet: similarity map of " + title + ": " + message), session);
		SimilarityLive live = new SimilarityLive(image, explorer, session);
		SimilarityLive previous;
		synchronized (ACTIVE) {
			previous = ACTIVE.put(image, live);
		}
		if (previous != null) previous.stop();
		live.canvas.addMouseListener(live.mouse);
		live.canvas.addMouseMotionListener(live.mouse);
		live.canvas.addKeyListener(live.keys);
		live.window.addKeyListener(live.keys);
		ImagePlus.addImageListener(live);
		IJ.showStatus("PUNet similarity: click or drag on " + title + " to move the point; Esc stops");
		return live;
	}

	/** The one message for a live map asked for where no window can take clicks. */
	static String refusal(ImagePlus image) {
		return "live=true: the live similarity map needs " + image.getTitle()
				+ " shown in a window to click on; not available headless or in batch mode (run without live for one map)";
	}

	/** The live map on {@code image}, or null. */
	static SimilarityLive of(ImagePlus image) {
		synchronized (ACTIVE) {
			return ACTIVE.get(image);
		}
	}

	/** The explorer computing the maps (for tests: busy, stopped). */
	SimilarityExplorer<SimilarityResult> explorer() {
		return explorer;
	}

	/** Whether the model is closed (after a stop, once the map in progress ended). */
	boolean modelClosed() {
		return session.isClosed();
	}

	/** Asks for the map at the image point under {@code e}, on the slice shown. */
	private void pointAt(MouseEvent e) {
		int x = canvas.offScreenX(e.getX()), y = canvas.offScreenY(e.getY());
		if (x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight()) return;
		int z = (image.isHyperStack() ? image.getZ() : image.getCurrentSlice()) - 1;
		IJ.showStatus("PUNet similarity: computing the map at " + x + "," + y + "," + z + "…");
		explorer.request(new int[] {x, y, z});
	}

	/** Stops: listeners removed, the model closed once the map in progress ends. Idempotent. */
	void stop() {
		synchronized (ACTIVE) {
			if (ACTIVE.get(image) == this) ACTIVE.remove(image);
		}
		canvas.removeMouseListener(mouse);
		canvas.removeMouseMotionListener(mouse);
		canvas.removeKeyListener(keys);
		window.removeKeyListener(keys);
		ImagePlus.removeImageListener(this);
		if (!explorer.isStopped()) IJ.showStatus("PUNet similarity: live map of " + image.getTitle() + " stopped");
		explorer.close();
	}

	@Override
	public void imageClosed(ImagePlus imp) {
		if (imp == image) stop();
	}

	@Override
	public void imageOpened(ImagePlus imp) {}

	@Override
	public void imageUpdated(ImagePlus imp) {}
}
