package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import java.awt.event.KeyEvent;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.prefs.PrefService;
import org.scijava.ui.UIService;

/** Progress reaches the status bar, and a cancel request or Esc really stops a running operation. */
class CancelTest {
	private static final Map<String, Object> INPUTS = Map.of("dir_images", new File("/data/images"), "out", new File("/data/out"));

	/** Collects status messages. */
	public static class StatusRecorder {
		final List<String> messages = new CopyOnWriteArrayList<>();
		final List<Integer> values = new CopyOnWriteArrayList<>();

		@EventHandler
		public void onEvent(StatusEvent e) {
			if (e.getStatusMessage() != null) messages.add(e.getStatusMessage());
			values.add(e.getProgressValue());
		}
	}

	private static Context context() {
		Context context = new Context(FakePunetService.class, CommandService.class, StatusService.class, UIService.class, LogService.class,
				PrefService.class, EventService.class);
		context.service(UIService.class).setHeadless(true);
		return context;
	}

	@Test
	void cancellingTheCommandStopsTrainingBetweenSteps() throws Exception {
		try (Context context = context()) {
			context.service(PrefService.class).clear(PretrainCommand.class);
			StatusRecorder recorder = new StatusRecorder();
			context.service(EventService.class).subscribe(recorder);
			FakePunetService fake = context.service(FakePunetService.class);
			ModuleService modules = context.service(ModuleService.class);
			Module module = modules.createModule(context.service(CommandService.class).getCommand(PretrainCommand.class));
			Future<Module> running = modules.run(module, true, INPUTS);
			assertTrue(fake.trainingStarted.await(10, TimeUnit.SECONDS));
			while (fake.trainingSteps < 3) Thread.sleep(2);
			((CommandModule) module).cancel("stop, please");
			running.get(10, TimeUnit.SECONDS);
			int steps = fake.trainingSteps;
			assertTrue(steps < 100_000, "training ran to the end");
			assertEquals("stop, please", ((CommandModule) module).getCancelReason());
			assertTrue(recorder.messages.stream().anyMatch(m -> m.startsWith("Pre-train: step ")),
					() -> "no progress in " + recorder.messages);
		}
	}

	@Test
	void escapeStopsTraining() throws Exception {
		try (Context context = context()) {
			context.service(PrefService.class).clear(PretrainCommand.class);
			FakePunetService fake = context.service(FakePunetService.class);
			Future<CommandModule> running = context.service(CommandService.class).run(PretrainCommand.class, true, INPUTS);
			assertTrue(fake.trainingStarted.await(10, TimeUnit.SECONDS));
			while (fake.trainingSteps < 3) Thread.sleep(2);
			IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			CommandModule m = running.get(10, TimeUnit.SECONDS);
			IJ.resetEscape();
			assertTrue(m.isCanceled());
			assertEquals("training cancelled", m.getCancelReason());
		} finally {
			IJ.resetEscape();
		}
	}
}
