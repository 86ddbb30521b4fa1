package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import io.github.punetfiji.api.Device;
import io.github.punetfiji.api.SegmentRequest;
import io.github.punetfiji.data.Intensity;
import java.io.File;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

/**
 * The commands of the engine operations: bad input becomes the command's cancel reason (one message
 * naming the value); with the real engine evaluation and the similarity map produce their outputs; with a
 * fake engine, parameters reach the request and results reach the outputs.
 */
class EngineCommandsTest {
	private static final File MODEL = new File("/nonexistent/model.punet");
	private static final File DIR = new File("/nonexistent/images");
	private static final File OUT = new File("/nonexistent/out");

	static ImagePlus image() {
		float[] px = new float[8 * 6];
		for (int i = 0; i < px.length; i++) px[i] = i % 3 - 1;
		return new ImagePlus("ct", new FloatProcessor(8, 6, px));
	}

	static ImagePlus labels(int w, int h) {
		byte[] px = new byte[w * h];
		for (int i = 0; i < px.length; i++) px[i] = (byte) (i % w < w / 2 ? 1 : i % 3 == 0 ? 2 : 0);
		return new ImagePlus("labels", new ByteProcessor(w, h, px));
	}

	static Stream<Arguments> badInput() {
		String noModel = "no such file: " + MODEL;
		return Stream.of(Arguments.of(SegmentImageCommand.class, new Object[] {"image", image(), "ckpt", MODEL}, noModel),
				Arguments.of(SegmentFolderCommand.class, new Object[] {"ckpt", MODEL, "dir_images", DIR, "out", OUT}, noModel),
				Arguments.of(SimilarityMapCommand.class, new Object[] {"image", image(), "ckpt", MODEL, "point", "1,2,0"}, noModel),
				Arguments.of(EvaluateCommand.class, new Object[] {"prediction", image(), "reference", labels(4, 4)},
						"prediction [8, 6, 1] and reference [4, 4, 1] differ in size"));
	}

	@ParameterizedTest
	@MethodSource("badInput")
	void engineCommandsReportBadInputAsAMessage(Class<? extends Command> command, Object[] inputs, String message) {
		try (Context context = TestContexts.headless()) {
			CommandModule m = TestContexts.run(context, command, inputs);
			assertTrue(m.isCanceled());
			assertEquals(message, m.getCancelReason());
		}
	}

	@Test
	void systemCheckReportsTheInstructionSetAndTheKernelCheck() {
		try (Context context = TestContexts.headless()) {
			CommandModule m = TestContexts.run(context, SystemCheckCommand.class);
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			String report = (String) m.getOutput("report");
			assertTrue(report.contains("\"kernel_check\"") && report.contains("\"isa\"") && report.contains("\"check\": \"passed"), report);
			assertTrue(report.contains("\"engine\": \"PyTorch\"") && report.contains("\"torch_threads\""), report);
		}
	}

	@Test
	void evaluateShowsDiceWithTheClassNamesOfAPunetLabelImage() {
		try (Context context = TestContexts.headless()) {
			ImagePlus prediction = labels(10, 6);
			prediction.setProperty("Info", "PUNet classes:\n0 = background\n1 = liver\n2 = spleen\n");
			CommandModule m = TestContexts.run(context, EvaluateCommand.class, "prediction", prediction, "reference", labels(10, 6), "hd95",
					true);
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			assertEquals(1.0, (Double) m.getOutput("mean_dice"), 1e-12);
			assertEquals(Map.of(0, "background", 1, "liver", 2, "spleen"), Images.classNames(prediction));
		}
	}

	@Test
	void similarityMapShowsTheMapOfARealModel(@TempDir Path tmp) {
		Path model = tmp.resolve("tiny.punet");
		try (NDManager nd = NDManager.newBaseManager();
				PunetModel pm = PunetModel.create(ModelMetadata.of(PunetConfig.preset("tiny")), nd)) {
			pm.save(model);
		}
		float[] px = new float[32 * 32];
		for (int i = 0; i < px.length; i++) px[i] = (float) (Math.sin(i * 0.37) * 500);
		ImagePlus ct = new ImagePlus("ct", new FloatProcessor(32, 32, px));
		try (Context context = TestContexts.headless()) {
			CommandModule m = TestContexts.run(context, SimilarityMapCommand.class, "image", ct, "ckpt", model.toFile(), "point", "5,7,0",
					"device", "cpu");
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			ImagePlus sim = (ImagePlus) m.getOutput("similarity");
			assertEquals("ct_similarity", sim.getTitle());
			assertEquals(32, sim.getWidth());
			assertEquals(1f, sim.getProcessor().getf(5, 7), 1e-5f);
			assertEquals(-1, sim.getDisplayRangeMin());
			assertTrue(
					java.util.Arrays.stream(ct.getOverlay().toArray())
							.anyMatch(r -> r instanceof ij.gui.ImageRoi && "PUNet similarity z=1".equals(r.getName())),
					"the heat map lies on the image");
		}
	}

	@Test
	void similarityMapSideBySideShowsBothMapsAndLiveIsRefusedWithoutAWindow(@TempDir Path tmp) {
		Path model = tmp.resolve("tiny.punet");
		try (NDManager nd = NDManager.newBaseManager();
				PunetModel pm = PunetModel.create(ModelMetadata.of(PunetConfig.preset("tiny")), nd)) {
			pm.save(model);
		}
		float[] px = new float[32 * 24];
		for (int i = 0; i < px.length; i++) px[i] = (float) (Math.sin(i * 0.37) * 500);
		ImagePlus ct = new ImagePlus("ct", new FloatProcessor(32, 24, px));
		try (Context context = TestContexts.headless()) {
			CommandModule m = TestContexts.run(context, SimilarityMapCommand.class, "image", ct, "ckpt", model.toFile(), "point", "5,7,0",
					"side_by_side", true, "device", "cpu");
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			ImagePlus both = (ImagePlus) m.getOutput("comparison");
			assertEquals("ct_similarity_prompts", both.getTitle());
			assertEquals(2 * 32 + SimilarityComparison.GAP, both.getWidth());
			assertEquals(24 + SimilarityComparison.titleHeight(24), both.getHeight());
			assertTrue(((String) both.getProperty("Info")).contains("right: without prompts"));
			assertEquals(1f, ((ImagePlus) m.getOutput("similarity")).getProcessor().getf(5, 7), 1e-5f);

			CommandModule live = TestContexts.run(context, SimilarityMapCommand.class, "image", ct, "ckpt", model.toFile(), "point",
					"5,7,0", "live", true, "device", "cpu");
			assertTrue(live.isCanceled());
			assertEquals(SimilarityLive.refusal(ct), live.getCancelReason());
			assertEquals(null, SimilarityLive.of(ct));
		}
	}

	@Test
	void trainingCommandsReportBadInputAsAMessage() {
		try (Context context = TestContexts.headless()) {
			CommandModule m = TestContexts.run(context, PretrainCommand.class, "dir_images", DIR, "out", OUT);
			assertTrue(m.isCanceled());
			assertEquals("--dir_images: " + DIR + " is not a folder", m.getCancelReason());
			m = TestContexts.run(context, PromptTuneCommand.class, "ckpt", MODEL, "dir_images", DIR, "dir_masks", DIR, "out", OUT);
			assertTrue(m.isCanceled());
			assertEquals("no such file: " + MODEL, m.getCancelReason());
		}
	}

	@Test
	void promptTuneDialogPassesInitialisationScopeAndClassWeights() {
		try (Context context = fakeContext()) {
			FakePunetService fake = context.service(FakePunetService.class);
			CommandModule m = TestContexts.run(context, PromptTuneCommand.class, "ckpt", MODEL, "dir_images", DIR, "dir_masks", DIR, "out",
					OUT, "selective_freezing", true, "mean_initialization", true, "mean_initialization_scope", "all",
					"additive_alpha_factor", 0.01);
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			io.github.punetfiji.api.PromptTuneRequest r = (io.github.punetfiji.api.PromptTuneRequest) fake.lastRequest.get();
			assertEquals("all", r.meanInitializationScope());
			assertEquals(0.01, r.classWeightFactor());
			assertTrue(r.meanInitialization());
		}
	}

	@Test
	void trainingDialogsPassValidation() {
		try (Context context = fakeContext()) {
			FakePunetService fake = context.service(FakePunetService.class);
			CommandModule m = TestContexts.run(context, PromptTuneCommand.class, "ckpt", MODEL, "dir_images", DIR, "dir_masks", DIR, "out",
					OUT, "dir_images_val", new java.io.File("/data/val/images"), "dir_masks_val", new java.io.File("/data/val/labels"),
					"val_subjects", "case_07, case_08", "val_slices", "12 30", "val_every", 25, "val_max_slices", 4);
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			io.github.punetfiji.api.ValidationSettings v = ((io.github.punetfiji.api.PromptTuneRequest) fake.lastRequest.get())
					.validation();
			assertEquals(Path.of("/data/val/images"), v.dirImages());
			assertEquals(Path.of("/data/val/labels"), v.dirMasks());
			assertEquals(java.util.List.of("case_07", "case_08"), v.subjects());
			assertArrayEquals(new int[] {12, 30}, v.slices());
			assertEquals(25, v.every());
			assertEquals(4, v.maxSlices());
			fake.trainUntilCancelled = false;
			CommandModule pre = TestContexts.run(context, PretrainCommand.class, "dir_images", DIR, "out", OUT, "val_subjects", "case_07",
					"val_every", 10);
			assertFalse(pre.isCanceled(), () -> pre.getCancelReason());
			io.github.punetfiji.api.ValidationSettings t = ((io.github.punetfiji.api.TrainRequest) fake.lastRequest.get()).validation();
			assertEquals(java.util.List.of("case_07"), t.subjects());
			assertEquals(10, t.every());
			CommandModule bad = TestContexts.run(context, PretrainCommand.class, "dir_images", DIR, "out", OUT, "val_slices", "twelve");
			assertEquals("val_slices needs slice numbers (z, from 0) such as 12,30, got 'twelve'", bad.getCancelReason());
		}
	}

	@Test
	void theTrainingDialogsDefaultsAreCpuSizedAndPromptTuningIsTruePromptTuning() {
		try (Context context = fakeContext()) {
			FakePunetService fake = context.service(FakePunetService.class);
			CommandModule tune = TestContexts.run(context, PromptTuneCommand.class, "ckpt", MODEL, "dir_images", DIR, "dir_masks", DIR,
					"out", OUT);
			assertFalse(tune.isCanceled(), () -> tune.getCancelReason());
			io.github.punetfiji.api.PromptTuneRequest p = (io.github.punetfiji.api.PromptTuneRequest) fake.lastRequest.get();
			assertTrue(p.selectiveFreezing(), "the body stays frozen: prompt tuning, not full fine-tuning");
			assertEquals(500, p.settings().maxSteps());
			assertTrue(p.meanInitialization());
			assertEquals(0.1, p.classWeightFactor());
			assertEquals(0.05, p.settings().learningRatePrompts());
			assertFalse(p.validation().named(), "no validation unless data are named");
			assertEquals(100, p.validation().every());
			assertEquals(16, p.validation().maxSlices());
			fake.trainUntilCancelled = false;
			CommandModule pre = TestContexts.run(context, PretrainCommand.class, "dir_images", DIR, "out", OUT);
			assertFalse(pre.isCanceled(), () -> pre.getCancelReason());
			io.github.punetfiji.api.TrainRequest t = (io.github.punetfiji.api.TrainRequest) fake.lastRequest.get();
			assertEquals("small", t.preset());
			assertEquals(1000, t.settings().maxSteps(), "a step cap: 100 epochs of 5,000 crops would run for months on a CPU");
		}
	}

	@Test
	void fullFineTuningIsAnAdaptationChoiceAndSelectiveFreezingFalseStillMeansIt() {
		try (Context context = fakeContext()) {
			FakePunetService fake = context.service(FakePunetService.class);
			fake.trainUntilCancelled = false;
			for (Object[] extra : new Object[][] {{"adaptation_variant", "full"}, {"selective_freezing", false}}) {
				CommandModule m = TestContexts.run(context, PromptTuneCommand.class, "ckpt", MODEL, "dir_images", DIR, "dir_masks", DIR,
						"out", OUT, extra[0], extra[1]);
				assertFalse(m.isCanceled(), () -> m.getCancelReason());
				io.github.punetfiji.api.PromptTuneRequest p = (io.github.punetfiji.api.PromptTuneRequest) fake.lastRequest.get();
				assertFalse(p.selectiveFreezing(), extra[0] + ": everything learns");
				assertEquals("prompting", p.adaptationVariant());
			}
			CommandModule bias =
					TestContexts.run(context, PromptTuneCommand.class, "ckpt", MODEL, "dir_images", DIR, "dir_masks", DIR, "out", OUT,
							"adaptation_variant", "bias");
			io.github.punetfiji.api.PromptTuneRequest p = (io.github.punetfiji.api.PromptTuneRequest) fake.lastRequest.get();
			assertTrue(p.selectiveFreezing() && p.adaptationVariant().equals("bias"), () -> bias.getCancelReason());
		}
	}

	private static Context fakeContext() {
		Context context = new Context(FakePunetService.class, org.scijava.command.CommandService.class, org.scijava.app.StatusService.class,
				org.scijava.ui.UIService.class, org.scijava.log.LogService.class, org.scijava.prefs.PrefService.class);
		context.service(org.scijava.ui.UIService.class).setHeadless(true);
		return context;
	}

	@Test
	void segmentTurnsParametersIntoARequestAndShowsLabelsWithClassNames() {
		try (Context context = fakeContext()) {
			FakePunetService fake = context.service(FakePunetService.class);
			CommandModule m = TestContexts.run(context, SegmentImageCommand.class, "image", image(), "ckpt", MODEL, "label_indices", "1, 3",
					"sliding_window_overlap", 0.25, "save_probabilities", true, "intensity", "percentile", "device", "cpu", "threads", 2);
			assertFalse(m.isCanceled(), () -> m.getCancelReason());
			SegmentRequest r = (SegmentRequest) fake.lastRequest.get();
			assertEquals(Path.of("/nonexistent/model.punet"), r.model());
			assertArrayEquals(new int[] {1, 3}, r.labelIndices());
			assertEquals(0.25, r.overlap());
			assertTrue(r.probabilities());
			assertEquals(Intensity.PERCENTILE, r.intensity());
			assertEquals(Device.CPU, r.compute().device());
			assertEquals(2, r.compute().threads());
			assertArrayEquals(new long[] {8, 6, 1}, r.image().dims());

			ImagePlus labels = (ImagePlus) m.getOutput("labels");
			assertEquals("ct_labels", labels.getTitle());
			assertEquals(8, labels.getBitDepth());
			assertEquals(1, labels.getProcessor().get(2, 0)); // value 1 > 0
			assertEquals(0, labels.getProcessor().get(1, 0)); // value 0
			assertTrue(labels.getProperty("Info").toString().contains("1 = liver"));
			assertTrue(labels.getProcessor().isColorLut());
			ImagePlus p = (ImagePlus) m.getOutput("probabilities");
			assertEquals("ct_probabilities", p.getTitle());
			assertEquals("liver", p.getStack().getSliceLabel(1));
			assertFalse(p instanceof CompositeImage); // one class: one channel
		}
	}

	@Test
	void segmentWithTheModelsIntensityAndNoProbabilities() {
		try (Context context = fakeContext()) {
			CommandModule m = TestContexts.run(context, SegmentImageCommand.class, "image", image(), "ckpt", MODEL);
			SegmentRequest r = (SegmentRequest) context.service(FakePunetService.class).lastRequest.get();
			assertNull(r.intensity());
			assertEquals(0.5, r.overlap());
			assertEquals(0, r.labelIndices().length);
			assertNull(m.getOutput("probabilities"));
		}
	}

	@Test
	void badClassIndicesNameTheParameter() {
		try (Context context = fakeContext()) {
			CommandModule m = TestContexts.run(context, SegmentImageCommand.class, "image", image(), "ckpt", MODEL, "label_indices",
					"liver");
			assertEquals("label_indices needs class indices such as 1,2,5, got 'liver'", m.getCancelReason());
		}
	}
}
