package io.github.punetfiji.fiji;

import ij.IJ;
import ij.ImageJ;
import io.github.punetfiji.Progress;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * Run in its own JVM by {@link ImageJ1StatusTest}: starts ImageJ 1's window (which would change every later test of a
 * shared JVM), reports through {@link FijiProgress} and prints what ImageJ's status line shows.
 */
public final class ImageJ1StatusProbe {
	public static void main(String[] args) throws Exception {
		ImageJ ij = new ImageJ(ImageJ.NO_SHOW);
		try (Context context = new Context(StatusService.class, LogService.class)) {
			Progress p = FijiProgress.of(TestCancelable.never(), context.service(StatusService.class), context.service(LogService.class),
					"Pre-train");
			p.report(3, 10, "step 3/10, loss 0.4000, 12 s left");
			java.awt.EventQueue.invokeAndWait(() -> {});
			System.out.println("status: " + ImageJ.getStatusBarText());
		}
		ij.exitWhenQuitting(false);
		System.exit(0);
	}
}
