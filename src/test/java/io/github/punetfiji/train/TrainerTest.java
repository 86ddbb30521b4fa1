package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.model.file.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop end to end on a few tiny synthetic volumes: resume, cancel, one run at a time, memory. */
class TrainerTest {
	@TempDir
	static Path tmp;
	static Path data;

	@BeforeAll
	static void makeData() {
		data = tmp.resolve("data");
		SampleData.write(data, 3, 7, new int[] {48, 48, 4}, "test", 1);
	}

	static TrainingOptions options(String out, int steps) {
		return tinyRun(data, tmp.resolve(out), steps);
	}

	/** A short {@code tiny} pre-training on sample data written by {@link SampleData#write} into {@code data}. */
	static TrainingOptions tinyRun(Path data, Path out, int steps) {
		TrainingOptions o = new TrainingOptions();
		o.preset = "tiny";
		o.dirImages = data.resolve("images");
		o.dirMasks = data.resolve("labels");
		o.out = out;
		o.batchSize = 2;
		o.maxSteps = steps;
		o.seed = 5;
		o.overrides.put("label_indices_base", List.of(1L, 2L, 3L, 5L));
		return o;
	}

	@Test
	void anEpochIsTheReferencesNumberOfSamplesNotOnePassOverTheSubjects() {
		assertEquals(625, Trainer.stepsPerEpoch(5000, 6, 2, 8), "reference defaults: 5000 crops, 2 per draw, batch 8");
		assertEquals(1250, Trainer.stepsPerEpoch(5000, 2, 2, 4), "independent of the number of subjects");
		assertEquals(10, Trainer.stepsPerEpoch(40, 2, 2, 4));
		assertEquals(1, Trainer.stepsPerEpoch(1, 2, 2, 4), "at least one draw");
		assertEquals(3, Trainer.stepsPerEpoch(0, 6, 2, 4), "0: one pass over the subjects");
	}

	@Test
	void aResumedRunContinuesTheSameLossCurve() {
		TrainingOptions a = options("a", 6);
		a.checkpointEvery = 3;
		TrainingResult full = Trainer.run(a, null);
		Path ckpt = a.out.resolve("checkpoints/step_000003.punet");
		assertTrue(Files.exists(ckpt));
		assertTrue(ModelFile.read(ckpt).training() != null, "checkpoints carry the training state");
		@SuppressWarnings("unchecked")
		java.util.Map<String, Object> kernels = (java.util.Map<String, Object>) ModelFile.read(ckpt).metadata().provenance()
				.get("native_kernels");
		assertEquals(io.github.punetfiji.model.runtime.KernelGuard.state().isa(), kernels.get("isa"),
				"the provenance names the instruction-set level it computed with");
		assertTrue(String.valueOf(kernels.get("check")).startsWith("passed") && kernels.get("cpu") != null, kernels.toString());

		// the optimizer really steps: weights move by about the learning rate per step, far more than weight decay
		java.util.Map<String, io.github.punetfiji.io.NpyArray> w3 = ModelFile.read(ckpt).weights();
		java.util.Map<String, io.github.punetfiji.io.NpyArray> w6 = ModelFile.read(a.out.resolve("checkpoints/step_000006.punet"))
				.weights();
		double moved = 0;
		for (String k : w3.keySet()) {
			float[] p = w3.get(k).toFloats(), q = w6.get(k).toFloats();
			for (int i = 0; i < p.length; i++) moved = Math.max(moved, Math.abs(p[i] - q[i]));
		}
		assertTrue(moved > 1e-4, "largest weight change over 3 steps: " + moved);

		TrainingOptions b = options("b", 6);
		b.ckpt = ckpt;
		TrainingResult resumed = Trainer.run(b, null);
		assertEquals(6, resumed.losses().length, "the resumed log holds the whole curve");
		for (int k = 0; k < 6; k++)
			assertEquals(full.losses()[k], resumed.losses()[k], 1e-5 + 1e-4 * Math.abs(full.losses()[k]), "step " + (k + 1));

		TrainingOptions c = options("c", 2);
		c.ckpt = ckpt;
		c.coldStart = true;
		TrainingResult cold = Trainer.run(c, null);
		assertEquals(2, cold.steps(), "a cold start begins at step 0 with fresh optimizer state");
	}

	@Test
	void cancelKeepsAUsableModelMarkedStoppedItsCheckpointAndTheLossLogAndResumeContinues() throws Exception {
		TrainingOptions o = options("cancel", 50);
		o.checkpointEvery = 0; // NB: no periodic checkpoint: the one kept is written by the stop
		List<Integer> steps = new ArrayList<>();
		CancelledException e = assertThrows(CancelledException.class,
				() -> Trainer.run(o, Progress.steps(ev -> steps.add(ev.step()), () -> steps.size() >= 2)));
		assertEquals(List.of(1, 2), steps);
		Path ckpt = o.out.resolve("checkpoints/step_000002.punet");
		Path model = o.out.resolve("model.punet");
		assertTrue(e.getMessage().contains(ckpt.toString()) && e.getMessage().contains(model.toString())
				&& e.getMessage().contains("--resume"), e.getMessage());
		ModelFile stopped = ModelFile.read(model);
		assertEquals(2, ((Number) stopped.metadata().provenance().get(TrainingLoop.STOPPED_AT_STEP)).intValue());
		assertEquals(2, ((Number) stopped.metadata().provenance().get("steps")).intValue());
		try (ai.djl.ndarray.NDManager m = io.github.punetfiji.model.runtime.TorchRuntime.engine().newBaseManager();
				io.github.punetfiji.model.file.PunetModel loaded = io.github.punetfiji.model.file.PunetModel.load(model, m)) {
			assertEquals(ModelFile.read(ckpt).weights().keySet(), loaded.toModelFile().weights().keySet(),
					"model.punet holds the weights of the checkpoint");
		}
		assertTrue(ModelFile.read(ckpt).training() != null, "the checkpoint carries the training state");
		assertEquals(3, Files.readAllLines(o.out.resolve("losses.csv")).size(), "a header and a line per step done");
		assertTrue(Files.size(o.out.resolve("losses.png")) > 0);

		TrainingOptions r = options("cancel", 3);
		r.ckpt = ckpt;
		r.existing = TrainingOptions.Existing.RESUME;
		TrainingResult resumed = Trainer.run(r, null);
		assertEquals(3, resumed.steps());
		assertEquals(3, resumed.losses().length, "the resumed run continues the logged curve");
		assertEquals(null, ModelFile.read(model).metadata().provenance().get(TrainingLoop.STOPPED_AT_STEP),
				"a finished model is not marked stopped");
		assertEquals(4, Files.readAllLines(o.out.resolve("losses.csv")).size());
	}

	@Test
	void aCancelBeforeTheFirstStepKeepsNothing() {
		TrainingOptions o = options("cancel0", 5);
		CancelledException e = assertThrows(CancelledException.class, () -> Trainer.run(o, Progress.cancelling(() -> true)));
		assertTrue(e.getMessage().contains("no step was taken"), e.getMessage());
		assertFalse(Files.exists(o.out.resolve("model.punet")));
	}

	private static Object inode(Path p) throws java.io.IOException {
		return List.of(Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey(), Files.getLastModifiedTime(p));
	}

	private static List<String> names(Path dir) throws java.io.IOException {
		try (java.util.stream.Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void resumingInPlaceNeverRewritesTheCheckpointItReads() throws Exception {
		TrainingOptions a = options("inplace", 4);
		a.checkpointEvery = 2;
		TrainingResult full = Trainer.run(a, null);
		Path two = a.out.resolve("checkpoints/step_000002.punet");
		Path four = a.out.resolve("checkpoints/step_000004.punet");
		Object twoKey = inode(two);

		TrainingOptions b = options("inplace", 4);
		b.checkpointEvery = 2;
		b.ckpt = two;
		String m = assertThrows(PunetException.class, () -> Trainer.run(b, null)).getMessage();
		assertTrue(m.contains("inside --out") && m.contains("--resume"), m);
		b.existing = TrainingOptions.Existing.RESUME;
		TrainingResult resumed = Trainer.run(b, null);
		assertEquals(twoKey, inode(two), "the checkpoint the run started from is not rewritten");
		for (int k = 0; k < 4; k++)
			assertEquals(full.losses()[k], resumed.losses()[k], 1e-5 + 1e-4 * Math.abs(full.losses()[k]), "step " + (k + 1));

		Object fourKey = inode(four);
		TrainingOptions c = options("inplace", 4);
		c.ckpt = four;
		c.existing = TrainingOptions.Existing.RESUME;
		List<String> messages = new ArrayList<>();
		Trainer.run(c, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void message(String message) {
				messages.add(message);
			}
		}, () -> false));
		assertEquals(fourKey, inode(four), "resuming from the last checkpoint leaves it as it is");
		assertTrue(messages.stream().anyMatch(x -> x.startsWith("kept ")), messages.toString());
	}

	@Test
	void anEarlierRunIsRefusedUnlessOverwriteWhichDeletesItsCheckpoints() throws Exception {
		TrainingOptions a = options("again", 3);
		a.checkpointEvery = 1;
		Trainer.run(a, null);
		assertEquals(List.of("step_000001.punet", "step_000002.punet", "step_000003.punet"), names(a.out.resolve("checkpoints")));
		TrainingOptions b = options("again", 2);
		b.checkpointEvery = 0;
		String m = assertThrows(PunetException.class, () -> Trainer.run(b, null)).getMessage();
		assertTrue(m.contains("holds an earlier run (model.punet, checkpoints/, losses.csv, losses.png)") && m.contains("--overwrite"), m);
		b.existing = TrainingOptions.Existing.OVERWRITE;
		Trainer.run(b, null);
		assertEquals(List.of("step_000002.punet"), names(b.out.resolve("checkpoints")), "the runs do not mix");
		assertEquals(3, Files.readAllLines(b.out.resolve("losses.csv")).size());
	}

	@Test
	void onlyTheNewestCheckpointsAreKeptAndTheLossLogGrowsWithThem() throws Exception {
		TrainingOptions o = options("keep", 5);
		o.checkpointEvery = 1;
		o.keepCheckpoints = 2;
		List<Integer> logged = new ArrayList<>();
		Trainer.run(o, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void message(String message) {
				if (!message.startsWith("checkpoint written")) return;
				try {
					logged.add(Files.readAllLines(o.out.resolve("losses.csv")).size() - 1);
				} catch (java.io.IOException x) {
					throw new AssertionError(x);
				}
			}
		}, () -> false));
		assertEquals(List.of(1, 2, 3, 4), logged);
		assertEquals(List.of("step_000004.punet", "step_000005.punet"), names(o.out.resolve("checkpoints")));
	}

	@Test
	void adaptingAModelIntoItsOwnFolderIsRefusedAndLeavesItAlone() throws Exception {
		Path run = Files.createDirectories(tmp.resolve("pretrained"));
		Path model = Files.write(run.resolve("model.punet"), new byte[] {1, 2, 3});
		TrainingOptions o = options("pretrained", 2);
		o.ckpt = model;
		o.overrides.put("downstream", true);
		o.overrides.put("label_indices_downstream_active", List.of(4L));
		for (TrainingOptions.Existing e : TrainingOptions.Existing.values()) {
			o.existing = e;
			String m = assertThrows(PunetException.class, () -> Trainer.run(o, null)).getMessage();
			assertTrue(m.contains("is inside --out"), m);
		}
		assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(model));
		assertEquals(List.of("model.punet"), names(run));
	}

	@Test
	void aSecondTrainingInTheSameProcessIsRefused() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread first = new Thread(() -> {
			try {
				Trainer.run(options("first", 2), Progress.steps(ev -> {
					inside.countDown();
					try {
						release.await();
					} catch (InterruptedException x) {
						Thread.currentThread().interrupt();
					}
				}, null));
			} catch (Throwable t) {
				failure.set(t);
				inside.countDown();
			}
		});
		first.start();
		inside.await();
		assertEquals(null, failure.get());
		PunetException e = assertThrows(PunetException.class, () -> Trainer.run(options("second", 2), null));
		assertTrue(e.getMessage().contains("already running"), e.getMessage());
		release.countDown();
		first.join();
		assertEquals(null, failure.get());
	}

	@Test
	void nativeArraysDoNotAccumulateAndOutputsAreWritten() {
		TrainingOptions o = options("memory", 8);
		List<Integer> live = new ArrayList<>();
		List<Integer> rows = new ArrayList<>();
		TrainingResult r = Trainer.run(o, Progress.steps(ev -> {
			live.add(ev.liveArrays());
			try {
				rows.add(Files.readAllLines(o.out.resolve("losses.csv")).size() - 1);
			} catch (java.io.IOException x) {
				throw new AssertionError(x);
			}
		}, null));
		assertEquals(live.get(1), live.get(live.size() - 1), "arrays held after step 2 and step 8: " + live);
		assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), rows, "losses.csv has a line for every step done as the listener hears of it");
		assertTrue(Files.exists(r.model()));
		assertTrue(Files.exists(o.out.resolve("losses.png")));
		List<String> csv;
		try {
			csv = Files.readAllLines(o.out.resolve("losses.csv"));
		} catch (java.io.IOException e) {
			throw new AssertionError(e);
		}
		assertEquals("step,epoch,loss,seg_s0,seg_s1,contrastive_s0,contrastive_s1,lr,lr_instructions", csv.get(0));
		assertEquals(9, csv.size());
		ModelFile f = ModelFile.read(r.model());
		assertEquals(1.0, f.metadata().trainable().fraction(), 0);
		assertArrayEquals(new int[] {0, 1, 2, 3, 5}, f.metadata().trainedPrompts());
	}

	@Test
	void badInputGivesClearErrors() {
		TrainingOptions o = options("bad", 2);
		o.out = data.resolve("images/out");
		PunetException e = assertThrows(PunetException.class, () -> Trainer.run(o, null));
		assertTrue(e.getMessage().contains("inside the input folder"), e.getMessage());
		TrainingOptions p = options("bad2", 2);
		p.batchSize = 3;
		e = assertThrows(PunetException.class, () -> Trainer.run(p, null));
		assertTrue(e.getMessage().contains("multiple of 2"), e.getMessage());
	}
}
