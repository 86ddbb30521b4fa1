package io.github.punetfiji.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.Progress;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service adapter on a tiny random {@code .punet} and two synthetic subjects. */
class InferenceTest {
	@TempDir
	static Path tmp;
	static Path model, data;

	@BeforeAll
	static void setUp() {
		// NB: the synthetic data has 9 classes (0 … 8), so the tiny network gets 9 outputs
		PunetConfig c = PunetConfig.preset("tiny").with("out_channels", 9L).with("instruction_pool_size", 9L)
				.with("label_indices_base", List.of(1L, 2L)).validate();
		Engine.getInstance().setRandomSeed(11);
		try (NDManager m = NDManager.newBaseManager();
				PunetModel pm = PunetModel.create(ModelMetadata.of(c).withClasses(Map.of(1, "liver", 2, "spleen")), m)) {
			model = tmp.resolve("tiny.punet");
			pm.save(model);
		}
		data = tmp.resolve("data");
		SampleData.write(data, 2, 3, new int[] {48, 48, 4}, "test", 1);
	}

	static Volume<?> image() {
		return Volumes.open(data.resolve("images/synth_000.nii.gz"));
	}

	@Test
	void segmentReturnsLabelsNamesAndProbabilities() {
		Volume<?> image = image();
		List<Double> fractions = new ArrayList<>();
		SegmentResult r = Inference.segment(new SegmentRequest(model, image, new int[0], 0.5, true, null, Compute.DEFAULT),
				new Progress((f, m) -> fractions.add(f), () -> false));
		assertArrayEquals(image.dims(), r.labels().dims());
		assertEquals(Map.of(0, "background", 1, "liver", 2, "spleen"), r.classNames());
		assertEquals(List.of(0, 1, 2), r.probabilities().keySet().stream().sorted().toList());
		assertEquals("cpu", r.device());
		assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-9);
	}

	@Test
	void segmentFolderWritesLabelsAndScoresThem() {
		Path out = tmp.resolve("seg");
		SegmentFolderResult r = Inference.segmentFolder(new SegmentFolderRequest(model, data.resolve("images"), data.resolve("labels"), out,
				new int[] {1}, 0.25, false, null, Compute.DEFAULT), Progress.NONE);
		assertEquals(List.of(out.resolve("synth_000_labels.nii.gz"), out.resolve("synth_001_labels.nii.gz"), out.resolve("metrics.csv")),
				r.written());
		r.written().forEach(p -> assertTrue(Files.exists(p), p + " missing"));
		assertEquals(out.resolve("metrics.csv"), r.metrics());
		assertTrue(r.meanDice() >= 0 && r.meanDice() <= 1, "mean Dice " + r.meanDice());
		assertEquals(List.of(1), List.copyOf(r.perClassDice().keySet()));
	}

	@Test
	void segmentFolderWithoutMasksOnlyPredicts() {
		SegmentFolderResult r = Inference.segmentFolder(new SegmentFolderRequest(model, data.resolve("images"), null, tmp.resolve("pred"),
				new int[0], 0.5, false, null, Compute.DEFAULT), Progress.NONE);
		assertEquals(2, r.written().size());
		assertNull(r.metrics());
		assertTrue(Double.isNaN(r.meanDice()));
	}

	@Test
	void evaluateScoresThePredictedClassesOnly() {
		Volume<?> ref = Volumes.open(data.resolve("labels/synth_000.nii.gz"));
		net.imglib2.img.array.ArrayImg<net.imglib2.type.numeric.integer.UnsignedByteType, ?> onlyOne =
				net.imglib2.img.array.ArrayImgs.unsignedBytes(ref.dims());
		net.imglib2.Cursor<? extends net.imglib2.type.numeric.RealType<?>> in =
				((net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>>) ref.image()).localizingCursor();
		net.imglib2.RandomAccess<net.imglib2.type.numeric.integer.UnsignedByteType> out = onlyOne.randomAccess();
		while (in.hasNext()) {
			double v = in.next().getRealDouble();
			out.setPosition(in);
			out.get().setReal(v == 1 ? 1 : 0);
		}
		Volume<?> pred = ref.withImage(onlyOne);
		EvaluationResult r = Inference.evaluate(new EvaluateRequest(pred, ref, new int[0], false), Progress.NONE);
		assertEquals(1, r.scores().size(), "only the predicted class 1, not every reference class: " + r.scores());
		assertEquals(1.0, r.meanDice(), 1e-12);
		// a class the PUNet label image was made for but never predicted scores 0
		EvaluationResult named = Inference.evaluate(
				new EvaluateRequest(pred, ref, new int[0], false, Map.of(0, "background", 1, "liver", 3, "kidney")), Progress.NONE);
		assertEquals(java.util.List.of(1, 3), named.scores().stream().map(EvaluationResult.Score::label).toList());
		assertEquals(0.5, named.meanDice(), 1e-12);
	}

	@Test
	void evaluateScoresEveryReferenceClassWithNamesAndOptionalHd95() {
		Volume<?> ref = Volumes.open(data.resolve("labels/synth_000.nii.gz"));
		EvaluationResult r = Inference.evaluate(new EvaluateRequest(ref, ref, new int[0], false, Map.of(1, "liver")), Progress.NONE);
		assertEquals(1.0, r.meanDice(), 1e-12);
		assertTrue(r.scores().size() >= 2, "classes " + r.scores());
		assertEquals("liver", r.scores().get(0).name());
		assertEquals(Integer.toString(r.scores().get(1).label()), r.scores().get(1).name());
		assertTrue(Double.isNaN(r.scores().get(0).hd95()));
		EvaluationResult h = Inference.evaluate(new EvaluateRequest(ref, ref, new int[] {1}, true), Progress.NONE);
		assertEquals(0.0, h.scores().get(0).hd95(), 1e-12);
		Volume<?> other = Volumes.open(data.resolve("labels/synth_001.nii.gz"));
		assertTrue(Inference.evaluate(new EvaluateRequest(other, ref, new int[] {1}, false), Progress.NONE).meanDice() < 1);
	}

	@Test
	void similarityIsOneAtThePointAndWithinMinusOneToOne() {
		Volume<?> image = image();
		for (boolean prompts : new boolean[] {true, false}) {
			SimilarityResult r = Inference.similarity(
					new SimilarityRequest(model, image, new int[] {30, 17, 2}, prompts, new int[0], Compute.DEFAULT), Progress.NONE);
			assertArrayEquals(image.dims(), r.map().dims());
			var ra = ((Volume<FloatType>) r.map()).image().randomAccess();
			ra.setPosition(new long[] {30, 17, 2});
			assertEquals(1f, ra.get().get(), 1e-5f);
			int finite = 0;
			for (FloatType t : net.imglib2.view.Views.flatIterable(((Volume<FloatType>) r.map()).image())) {
				if (Float.isNaN(t.get())) continue;
				finite++;
				assertTrue(t.get() >= -1 && t.get() <= 1);
			}
			assertEquals(48 * 48, finite, "the 2D model maps the point's slice");
		}
	}

	@Test
	void badInputGivesMessagesNamingTheValue() {
		Path missing = tmp.resolve("none.punet");
		PunetException e = assertThrows(PunetException.class, () -> Inference
				.segment(new SegmentRequest(missing, image(), new int[0], 0.5, false, null, Compute.DEFAULT), Progress.NONE));
		assertEquals("no such file: " + missing, e.getMessage());
		e = assertThrows(PunetException.class, () -> Inference.segmentFolder(new SegmentFolderRequest(missing, data.resolve("images"), null,
				tmp.resolve("x"), new int[0], 0.5, false, null, Compute.DEFAULT), Progress.NONE));
		assertEquals("no such file: " + missing, e.getMessage());
		e = assertThrows(PunetException.class, () -> Inference
				.similarity(new SimilarityRequest(model, image(), new int[] {48, 0, 0}, true, new int[0], Compute.DEFAULT), Progress.NONE));
		assertTrue(e.getMessage().startsWith("--point 48,0,0 lies outside the image of 48×48×4 voxels"), e.getMessage());
		e = assertThrows(PunetException.class, () -> Inference
				.segment(new SegmentRequest(model, image(), new int[] {9}, 0.5, false, null, Compute.DEFAULT), Progress.NONE));
		assertEquals("class 9 is not a foreground class of the model; expected 1 … 8", e.getMessage());
		Volume<?> small = image().withImage(net.imglib2.img.array.ArrayImgs.unsignedBytes(48, 48, 4));
		Volume<?> other = Volumes.open(data.resolve("labels/synth_000.nii.gz"));
		Volume<?> cut = new Volume<>(net.imglib2.img.array.ArrayImgs.unsignedBytes(8, 8, 4), new double[] {1, 1, 1}, "cut");
		e = assertThrows(PunetException.class,
				() -> Inference.evaluate(new EvaluateRequest(cut, other, new int[] {1}, false), Progress.NONE));
		assertTrue(e.getMessage().contains("differ in size"), e.getMessage());
		e = assertThrows(PunetException.class,
				() -> Inference.evaluate(new EvaluateRequest(small, small, new int[0], false), Progress.NONE));
		assertTrue(e.getMessage().endsWith("the prediction holds no labels (only 0); give label_indices to score"), e.getMessage());
	}

	@Test
	void cancelStopsSegmentationWithoutOutputs() {
		Path out = tmp.resolve("cancelled");
		assertThrows(CancelledException.class,
				() -> Inference.segmentFolder(
						new SegmentFolderRequest(model, data.resolve("images"), null, out, new int[0], 0.5, false, null, Compute.DEFAULT),
						new Progress((f, m) -> {}, () -> true)));
		assertFalse(Files.exists(out.resolve("synth_000_labels.nii.gz")));
		assertThrows(CancelledException.class,
				() -> Inference.segment(new SegmentRequest(model, image(), new int[0], 0.5, false, null, Compute.DEFAULT),
						new Progress((f, m) -> {}, () -> true)));
	}
}
