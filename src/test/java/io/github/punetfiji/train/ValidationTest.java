package io.github.punetfiji.train;

import io.github.punetfiji.ValidationScore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.model.runtime.GradMode;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.train.views.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held-out validation during training: what validates is never trained on, {@code val_dice} is logged at the right steps,
 * {@code best.punet} is the best step's model, the training's losses do not change with validation on, a resumed run
 * keeps its best, and bad validation input gives one clear message.
 */
class ValidationTest {
	@TempDir
	static Path tmp;
	static Path data;
	static Path val;

	@BeforeAll
	static void makeData() {
		data = tmp.resolve("data");
		SampleData.write(data, 3, 7, new int[] {48, 48, 4}, "test", 1);
		val = tmp.resolve("val");
		SampleData.write(val, 1, 8, new int[] {48, 48, 4}, "test", 1);
	}

	static TrainingOptions options(String out, int steps) {
		TrainingOptions o = TrainerTest.tinyRun(data, tmp.resolve(out), steps);
		o.checkpointEvery = 0;
		return o;
	}

	static TrainingOptions withFolder(TrainingOptions o) {
		o.dirImagesVal = val.resolve("images");
		o.dirMasksVal = val.resolve("labels");
		return o;
	}

	/** The events of a run. */
	static List<TrainingStep> run(TrainingOptions o) {
		List<TrainingStep> events = new ArrayList<>();
		Trainer.run(o, Progress.steps(events::add, null));
		return events;
	}

	static double[] losses(List<TrainingStep> events) {
		return events.stream().mapToDouble(TrainingStep::loss).toArray();
	}

	static List<String> csv(Path run) {
		try {
			return Files.readAllLines(run.resolve("losses.csv"));
		} catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void valDiceIsLoggedAtTheValidatedStepsAndTheBestModelIsTheBestStep() {
		TrainingOptions o = withFolder(options("logged", 5));
		o.valEvery = 2;
		o.overrides.put("learning_rate", 0.02);
		List<String> messages = new ArrayList<>();
		List<TrainingStep> events = new ArrayList<>();
		TrainingResult r = Trainer.run(o, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void trainingStep(TrainingStep e) {
				events.add(e);
			}

			@Override
			public void message(String m) {
				messages.add(m);
			}
		}, () -> false));
		// validated after steps 2 and 4 and after the last
		List<Integer> validated = events.stream().filter(e -> e.validation() != null).map(TrainingStep::step).toList();
		assertEquals(List.of(2, 4, 5), validated);
		assertTrue(
				messages.stream()
						.anyMatch(m -> m.startsWith(
								"validation every 2 steps on 4 annotated slice(s) of 1 subject(s) (synth_000), class 1 (liver), 2 ")),
				messages.toString());
		// arrays: none left behind by a validation pass
		assertEquals(events.get(1).liveArrays(), events.get(4).liveArrays(), "arrays held after step 2 and step 5: " + events);
		assertEquals(events.get(0).liveArrays(), events.get(1).liveArrays());

		List<String> lines = csv(o.out);
		assertEquals(
				"step,epoch,loss,seg_s0,seg_s1,contrastive_s0,contrastive_s1,lr,lr_instructions,"
						+ "val_dice,val_dice_1,val_dice_2,val_dice_3,val_dice_5",
				lines.get(0));
		for (TrainingStep e : events) {
			String[] cells = lines.get(e.step()).split(",", -1);
			assertEquals(14, cells.length, lines.get(e.step()));
			if (e.validation() == null) {
				assertEquals("", cells[9], "step " + e.step());
				continue;
			}
			assertEquals(e.validation().dice(), Double.parseDouble(cells[9]), 1e-6);
			double mean = 0;
			for (int k = 0; k < 4; k++) mean += Double.parseDouble(cells[10 + k]) / 4;
			assertEquals(e.validation().dice(), mean, 1e-5, "val_dice is the mean of the classes'");
		}

		// best.punet: the step with the highest validation Dice (the first of equals), re-scored to the same Dice
		TrainingStep bestEvent = null;
		for (TrainingStep e : events) if (e.validation() != null && (bestEvent == null || e.valDice() > bestEvent.valDice())) bestEvent = e;
		assertNotNull(r.best());
		assertEquals(bestEvent.step(), r.best().step());
		assertEquals(bestEvent.valDice(), r.best().valDice(), 0);
		assertEquals(events.get(4).valDice(), r.valDice(), 0);
		ModelFile best = ModelFile.read(o.out.resolve("best.punet"));
		assertEquals(bestEvent.step(), ((Number) best.metadata().provenance().get("steps")).intValue());
		assertNull(best.training(), "best.punet is a model, not a checkpoint");
		assertEquals(5, ((Number) ModelFile.read(r.model()).metadata().provenance().get("steps")).intValue(),
				"model.punet stays the final model");
		// model.punet records its last validation as best.punet records its own: the step, the mean, each class
		@SuppressWarnings("unchecked")
		Map<String, Object> last = (Map<String, Object>) ModelFile.read(r.model()).metadata().provenance().get("validation");
		assertEquals(5, ((Number) last.get("step")).intValue());
		assertEquals(events.get(4).valDice(), ((Number) last.get("val_dice")).doubleValue(), 1e-6);
		@SuppressWarnings("unchecked")
		Map<String, Object> per = (Map<String, Object>) last.get("per_class");
		events.get(4).validation().perClass().forEach((k, d) -> assertEquals(d, ((Number) per.get(String.valueOf(k))).doubleValue(), 1e-6));
		assertEquals(events.get(4).validation().perClass().size(), per.size());
		assertEquals(bestEvent.valDice(), rescore(o, o.out.resolve("best.punet")), 1e-6);
		assertEquals(events.get(4).valDice(), rescore(o, r.model()), 1e-6);
		assertTrue(Files.exists(o.out.resolve("losses.png")));
	}

	/** The validation Dice of a model file on the run's validation set. */
	static double rescore(TrainingOptions o, Path model) {
		try (NDManager m = NDManager.newBaseManager(); PunetModel pm = PunetModel.load(model, m); GradMode off = GradMode.off()) {
			List<Validation.Item> items = Validation.load(o, Intensity.CT, pm.network().config().outChannels());
			Validation v = Validation.plan(pm.network().config(), items, 1, o.valMaxSlices, Map.of());
			return v.score(pm.network(), pm.manager(), Progress.NONE).dice();
		}
	}

	@Test
	void validationLeavesTheTrainingLossesAsTheyAre() {
		TrainingOptions off = options("off", 4);
		TrainingOptions on = withFolder(options("on", 4));
		on.valEvery = 2;
		on.valMaxSlices = 0;
		double[] a = losses(run(off));
		List<TrainingStep> withValidation = run(on);
		assertEquals(2, withValidation.stream().filter(e -> e.validation() != null).count());
		assertArrayEquals(a, losses(withValidation), 0, "the same losses with validation on and off");
		assertFalse(Files.exists(off.out.resolve("best.punet")));
		assertEquals("step,epoch,loss,seg_s0,seg_s1,contrastive_s0,contrastive_s1,lr,lr_instructions", csv(off.out).get(0),
				"no validation, no columns");
	}

	@Test
	void heldOutSubjectsAreNeverTrainedOn() throws IOException {
		// training with synth_001 held out = training on a folder without it
		Path without = tmp.resolve("without");
		for (String d : new String[] {"images", "labels"}) {
			Files.createDirectories(without.resolve(d));
			for (String n : new String[] {"synth_000.nii.gz", "synth_002.nii.gz"})
				Files.copy(data.resolve(d).resolve(n), without.resolve(d).resolve(n));
		}
		Files.copy(data.resolve("labels.json"), without.resolve("labels.json"));
		TrainingOptions plain = options("without", 2);
		plain.dirImages = without.resolve("images");
		plain.dirMasks = without.resolve("labels");
		TrainingOptions held = options("held", 2);
		held.valSubjects = List.of("synth_001");
		held.valEvery = 1;
		List<TrainingStep> e = run(held);
		assertArrayEquals(losses(run(plain)), losses(e), 0);
		assertEquals(List.of(1, 2), e.stream().filter(x -> x.validation() != null).map(TrainingStep::step).toList());

		// --val_every 0: held out all the same, not validated
		TrainingOptions quiet = options("quiet", 2);
		quiet.valSubjects = List.of("synth_001.nii.gz");
		quiet.valEvery = 0;
		List<TrainingStep> q = run(quiet);
		assertArrayEquals(losses(e), losses(q), 0);
		assertTrue(q.stream().allMatch(x -> x.validation() == null));
	}

	@Test
	void heldOutSlicesAreNeverTrainedOn() throws IOException {
		// training with slice 1 held out = training on masks whose slice 1 is unlabelled (255) on disk
		Path blanked = tmp.resolve("blanked");
		Files.createDirectories(blanked.resolve("labels"));
		try (Stream<Path> s = Files.list(data.resolve("labels"))) {
			for (Path p : s.toList()) {
				Volume<?> m = Volumes.open(p);
				long[] d = m.dims();
				byte[] v = new byte[(int) (d[0] * d[1] * d[2])];
				int i = 0;
				for (RealType<?> t : Views.flatIterable(m.image())) {
					int z = (int) (i / (d[0] * d[1]));
					v[i++] = (byte) (z == 1 ? Sample.UNLABELLED : (int) t.getRealDouble());
				}
				Nifti.write(m.withImage(ArrayImgs.unsignedBytes(v, d)), blanked.resolve("labels").resolve(p.getFileName()));
			}
		}
		Files.copy(data.resolve("labels.json"), blanked.resolve("labels.json"));
		TrainingOptions plain = options("blanked", 3);
		plain.dirMasks = blanked.resolve("labels");
		TrainingOptions held = options("slices", 3);
		held.valSlices = new int[] {1};
		held.valEvery = 3;
		List<TrainingStep> e = run(held);
		assertArrayEquals(losses(run(plain)), losses(e), 0);
		ValidationScore v = e.get(2).validation();
		assertEquals(3, v.slices(), "slice 1 of each of the 3 subjects");

		// the split itself: the slice's labels are gone from the training masks, and validate
		List<Sample> samples = TrainingData.load(data.resolve("images"), data.resolve("labels"), Intensity.CT, 9);
		List<Validation.Item> items = new ArrayList<>();
		List<Sample> training = Validation.holdOutSlices(samples, new int[] {1}, items);
		assertArrayEquals(new int[] {0, 2, 3}, training.get(0).annotatedSlices());
		assertEquals(3, items.size());
		assertArrayEquals(new int[] {1}, items.get(0).slices());
		assertEquals(samples.get(0).labels(), items.get(0).sample().labels(), "validation scores against the mask as given");
	}

	@Test
	void aResumedRunKeepsItsBestModel() {
		TrainingOptions a = withFolder(options("full", 6));
		a.valEvery = 2;
		a.checkpointEvery = 3;
		a.overrides.put("learning_rate", 0.02);
		TrainingResult full = Trainer.run(a, null);
		List<String> fullCsv = csv(a.out);

		TrainingOptions b = withFolder(options("full", 6));
		b.valEvery = 2;
		b.checkpointEvery = 3;
		b.overrides.put("learning_rate", 0.02);
		b.ckpt = a.out.resolve("checkpoints/step_000003.punet");
		b.existing = TrainingOptions.Existing.RESUME;
		List<String> messages = new ArrayList<>();
		TrainingResult resumed = Trainer.run(b, new Progress(new ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void message(String m) {
				messages.add(m);
			}
		}, () -> false));
		assertTrue(messages.stream().anyMatch(m -> m.startsWith("best.punet so far: step " + full.best().step())), messages.toString());
		assertEquals(full.best().step(), resumed.best().step());
		assertEquals(full.best().valDice(), resumed.best().valDice(), 1e-6);
		List<String> again = csv(b.out);
		assertEquals(fullCsv.size(), again.size());
		for (int i = 0; i < again.size(); i++) {
			String[] x = fullCsv.get(i).split(",", -1), y = again.get(i).split(",", -1);
			assertEquals(x.length, y.length);
			assertEquals(x[9].isEmpty(), y[9].isEmpty(), "validated at the same steps: " + again.get(i));
			if (i > 0 && !x[9].isEmpty()) assertEquals(Double.parseDouble(x[9]), Double.parseDouble(y[9]), 1e-4, "step " + i);
		}
	}

	@Test
	void theFijiRequestPathValidatesAndHandsTheDiceToTheProgressListener() {
		io.github.punetfiji.api.TrainingSettings settings = new io.github.punetfiji.api.TrainingSettings(2, 1, 0, 2, 1e-3, 1e-2, 0.01, 5,
				0);
		io.github.punetfiji.api.TrainRequest r = new io.github.punetfiji.api.TrainRequest(data.resolve("images"), data.resolve("labels"),
				tmp.resolve("fiji"), "tiny", null, false, "meta", new int[] {1, 5}, null, settings, Map.of(), false, null,
				new io.github.punetfiji.api.ValidationSettings(val.resolve("images"), val.resolve("labels"), List.of(), new int[0], 1, 2));
		List<TrainingStep> steps = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		io.github.punetfiji.Progress progress = new io.github.punetfiji.Progress(new io.github.punetfiji.ProgressListener() {
			@Override
			public void progress(double fraction, String message) {
				messages.add(message);
			}

			@Override
			public void trainingStep(TrainingStep step) {
				steps.add(step);
			}
		}, () -> false);
		io.github.punetfiji.api.TrainResult result = io.github.punetfiji.api.Punet.pretrain(r, progress);
		assertEquals(2, steps.size());
		assertTrue(steps.stream().allMatch(TrainingStep::validated));
		assertEquals(List.of("liver", "aorta"), List.copyOf(steps.get(1).valDicePerClass().keySet()));
		assertEquals(steps.get(1).valDice(), result.valDice(), 0);
		assertEquals(tmp.resolve("fiji/best.punet"), result.bestModel());
		assertTrue(result.bestStep() == 1 || result.bestStep() == 2);
		assertTrue(messages.stream().anyMatch(m -> m.matches("step 2/2, loss [0-9.]+, validation Dice [0-9.]+, [0-9a-z ]+ left")),
				messages.toString());
		assertTrue(messages.stream().anyMatch(m -> m.startsWith(
				"validation every 1 steps on 2 of 4 annotated slice(s) of 1 subject(s) (synth_000), class 1 (liver), 5 (aorta) "
						+ "(--val_max_slices)")),
				messages.toString());
	}

	@Test
	void a3dPresetScoresEachSliceInASlabOfOneWindowDepth() {
		List<Sample> samples = TrainingData.load(data.resolve("images"), data.resolve("labels"), Intensity.CT, 9);
		List<Validation.Item> items = new ArrayList<>();
		Validation.holdOutSlices(samples.subList(0, 1), new int[] {0, 3}, items);
		io.github.punetfiji.model.PunetConfig c = io.github.punetfiji.model.PunetConfig.preset("tiny").with("out_channels", 9)
				.with("instruction_pool_size", 10).with("label_indices_base", List.of(5L))
				.with("patch_size_students", List.of(List.of(32L, 32L, 2L), List.of(24L, 24L, 2L)))
				.with("patch_size_teacher", List.of(40L, 40L, 2L)).validate();
		Validation v = Validation.plan(c, items, 1, 0, Map.of());
		assertEquals(2, v.slices());
		try (NDManager m = NDManager.newBaseManager();
				GradMode off = GradMode.off();
				PunetModel pm = PunetModel.create(io.github.punetfiji.model.file.ModelMetadata.of(c), m)) {
			int before = pm.manager().getManagedArrays().size();
			ValidationScore a = v.score(pm.network(), pm.manager(), Progress.NONE);
			ValidationScore b = v.score(pm.network(), pm.manager(), Progress.NONE);
			assertTrue(a.dice() >= 0 && a.dice() <= 1, a.toString());
			assertEquals(a.dice(), b.dice(), 0, "the same network, the same Dice");
			assertEquals(before, pm.manager().getManagedArrays().size(), "no array left behind");
			assertThrows(io.github.punetfiji.CancelledException.class,
					() -> v.score(pm.network(), pm.manager(), Progress.cancelling(() -> true)));
		}
	}

	private static String refused(TrainingOptions o) {
		String m = assertThrows(PunetException.class, () -> Trainer.run(o, null)).getMessage();
		assertFalse(m.contains("\n"), m);
		return m;
	}

	@Test
	void badValidationInputGivesOneClearMessage() throws IOException {
		TrainingOptions o = options("bad1", 2);
		o.valSubjects = List.of("synth_009");
		assertTrue(refused(o).startsWith(
				"--val_subjects: no subject 'synth_009' in --dir_images (name a file without its extension: synth_000, "
						+ "synth_001, synth_002)"));

		o = options("bad2", 2);
		o.valSlices = new int[] {4};
		assertEquals("--val_slices: slice 4 is outside [0, 3] of synth_000", refused(o));

		o = options("bad3", 2);
		o.dirImagesVal = val.resolve("images");
		assertTrue(refused(o).startsWith("--dir_images_val needs --dir_masks_val"));

		Path noMasks = Files.createDirectories(tmp.resolve("nomasks"));
		o = options("bad3b", 2);
		o.dirMasks = noMasks;
		o.valSubjects = List.of("synth_001");
		assertEquals("--val_subjects: subject 'synth_001' has no mask in --dir_masks; a validation subject needs one", refused(o));

		o = withFolder(options("bad4", 2));
		o.dirMasksVal = noMasks;
		String m = refused(o);
		assertTrue(m.startsWith("--dir_masks_val " + noMasks + " has no mask for the validation image synth_000"), m);

		o = options("bad5", 2);
		o.valEvery = 10;
		assertTrue(refused(o).startsWith("--val_every needs validation data"));

		o = options("bad6", 2);
		o.valSlices = new int[] {3}; // NB: no subject shows kidney_left on slice 3
		o.overrides.put("label_indices_base", List.of(1L, 3L));
		m = refused(o);
		assertTrue(m.startsWith("validation: class 3 (kidney_left) is in none of the validation masks' annotated slices"), m);

		o = options("bad7", 2);
		o.valSlices = new int[] {2};
		o.overrides.put("annotated_slices", List.of(0L, 2L));
		assertEquals("--val_slices 2 is also in --annotated_slices; a validation slice is never trained on", refused(o));

		o = withFolder(options("bad8", 2));
		o.loss = "self";
		assertTrue(refused(o).startsWith("validation Dice needs a run that learns segmentation"));

		o = options("bad9", 2);
		o.dirImagesVal = o.dirImages;
		o.dirMasksVal = o.dirMasks;
		assertTrue(refused(o).startsWith("--dir_images_val is the training folder"));

		o = options("bad10", 2);
		o.valSlices = new int[] {0, 1, 2, 3};
		assertTrue(refused(o).startsWith("--val_slices holds out every annotated slice of synth_000"));
		for (String n : new String[] {"bad3", "bad5", "bad7", "bad9"})
			assertFalse(Files.exists(tmp.resolve(n)), n + ": refused before the folder is made");
	}

	@Test
	void aCapSharesTheSlicesAmongTheClasses() {
		List<Sample> samples = TrainingData.load(data.resolve("images"), data.resolve("labels"), Intensity.CT, 9);
		List<Validation.Item> items = new ArrayList<>();
		Validation.holdOutSubjects(samples, List.of("synth_000", "synth_001"), items);
		io.github.punetfiji.model.PunetConfig c = io.github.punetfiji.model.PunetConfig.preset("tiny").with("out_channels", 9)
				.with("instruction_pool_size", 10).with("label_indices_base", List.of(1L, 5L)).validate();
		Validation all = Validation.plan(c, items, 1, 0, Map.of());
		assertEquals(8, all.slices());
		Validation three = Validation.plan(c, items, 1, 3, Map.of());
		assertEquals(3, three.slices(), three.description());
		assertTrue(three.summary().contains("of 8 annotated slice(s)"), three.summary());
		assertArrayEquals(new int[] {4, 2, 7, 1, 3, 6, 8, 0, 5}, Validation.spread(9), "every prefix spread over the slices");
		assertArrayEquals(new int[] {0, 1}, Validation.ranges(new int[] {0}, 1, 4).get(0));
		assertArrayEquals(new int[] {0, 4}, Validation.ranges(new int[] {1, 3}, 4, 4).get(0));
		assertEquals(2, Validation.ranges(new int[] {0, 2}, 1, 4).size());
		assertArrayEquals(new int[] {1, 3}, Validation.ranges(new int[] {1, 2}, 1, 4).get(0), "touching slices segment together");
	}
}
