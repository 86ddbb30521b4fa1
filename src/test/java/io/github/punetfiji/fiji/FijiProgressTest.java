package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import io.github.punetfiji.Progress;
import io.github.punetfiji.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/** The progress adapter: which bar it shows on, what it shows, and what a training's steps reach. */
class FijiProgressTest {
	/** Records what a bar was asked to show. */
	static final class RecordingBar implements FijiProgress.Bar {
		final List<String> shown = new ArrayList<>();

		@Override
		public void status(String text) {
			shown.add("status " + text);
		}

		@Override
		public void progress(double fraction) {
			shown.add("progress " + fraction);
		}
	}

	@Test
	void fractionsGoToTheBarAndMessagesToTheStatusLineNamedByTheTask() {
		try (Context context = new Context(LogService.class)) {
			RecordingBar bar = new RecordingBar();
			Progress p = new Progress(new FijiProgress(bar, context.service(LogService.class), "Segment case01", null), () -> false);
			p.range(0.5, 1).report(3, 6, "window 3/6");
			p.message("checkpoint written to /tmp/x");
			assertEquals(
					List.of("progress 0.75", "status Segment case01: window 3/6", "status Segment case01: checkpoint written to /tmp/x"),
					bar.shown);
		}
	}

	@Test
	void withoutImageJ1sWindowTheStatusGoesToSciJava() throws InterruptedException {
		assertEquals(null, IJ.getInstance(), "the test JVM runs without ImageJ 1's window");
		try (Context context = new Context(StatusService.class, LogService.class)) {
			FijiProgress.Bar bar = FijiProgress.bar(context.service(StatusService.class));
			CancelTest.StatusRecorder seen = new CancelTest.StatusRecorder();
			context.service(org.scijava.event.EventService.class).subscribe(seen);
			bar.progress(0.25);
			bar.status("Pre-train: step 1/4");
			// NB: status events are published later, on another thread
			for (int i = 0; i < 500 && seen.messages.isEmpty(); i++) Thread.sleep(10);
			assertEquals(List.of("Pre-train: step 1/4"), seen.messages);
			assertEquals(List.of(250), seen.values);
		}
	}

	@Test
	void aTrainingsStepsReachItsWindowAndItsStopCancelsAsEscDoes() {
		try (Context context = new Context(StatusService.class, LogService.class)) {
			List<Integer> plotted = new ArrayList<>();
			boolean[] stop = {false};
			boolean[] cancelled = {false};
			org.scijava.Cancelable command = TestCancelable.when(() -> cancelled[0]);
			Progress p =
					FijiProgress.training(command, context.service(StatusService.class), context.service(LogService.class), "Pre-train",
							s -> plotted.add(s.step()), () -> stop[0]);
			p.trainingStep(new TrainingStep(1, 3, 0, Map.of("all", 0.5), new double[] {1e-3}, 2, 0));
			p.trainingStep(new TrainingStep(2, 3, 0, Map.of("all", 0.4), new double[] {1e-3}, 1, 0));
			assertEquals(List.of(1, 2), plotted);
			assertFalse(p.isCancelRequested());
			stop[0] = true;
			assertTrue(p.isCancelRequested(), "Stop cancels");
			stop[0] = false;
			cancelled[0] = true;
			assertTrue(p.isCancelRequested(), "the command's cancel still cancels");
		}
	}
}
