package io.github.punetfiji.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.model.file.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Annotate → prompt-tune in memory: the run folder holds the image and its sparse mask (255 off the annotated slices), the
 * model trains only the new class's prompts, a second run continues from the first, and bad input is one message each.
 */
class AnnotationTuningTest {
	@TempDir
	static Path tmp;
	static Path body;
	static Volume<?> image;
	static Volume<?> labels;

	@BeforeAll
	static void data() {
		body = AnnotatedVolumes.body(tmp.resolve("body.punet"));
		Volume<?>[] s = AnnotatedVolumes.subject(tmp.resolve("data"));
		image = s[0];
		labels = s[1];
	}

	private static AnnotationTuneRequest request(Volume<?> annotation, int k, Path out, boolean startOver) {
		return new AnnotationTuneRequest(body, image, annotation, k, "", out, startOver, 2, 2, 0.05, 1, null, null);
	}

	@Test
	void aSecondRunContinuesFromTheFirstAndStartOverStartsFromTheBody() throws Exception {
		Path out = tmp.resolve("out");
		AnnotationTuneResult first = Punet.promptTuneAnnotations(request(AnnotatedVolumes.annotation(labels, AnnotatedVolumes.CLASS, 1, 4),
				AnnotatedVolumes.CLASS, out, false), Progress.NONE);
		assertEquals(out.resolve("model.punet"), first.model());
		assertEquals(out.resolve("run_001"), first.run());
		assertFalse(first.continued());
		assertEquals(body, first.startedFrom());
		assertArrayEquals(new int[] {1, 4}, first.annotatedSlices());
		assertEquals("class 1", first.className());
		assertArrayEquals(image.dims(), first.labels().dims());
		assertTrue(first.command().contains("--annotated_slices 1 4 --max_steps 2"), first.command());
		assertTrue(first.training().trainableFraction() < 0.2,
				"only the new class's prompts learn: " + first.training().trainableFraction());
		Volume<?> mask = Nifti.read(first.run().resolve("masks/synth_000.nii.gz"));
		assertEquals(255, value(mask, 5, 5, 0), "an unannotated slice is unlabelled");
		assertEquals(255, value(mask, 20, 20, 2));
		assertTrue(Files.exists(first.run().resolve("images/synth_000.nii.gz")));
		assertTrue(ModelFile.read(first.model()).metadata().config().downstream());

		AnnotationTuneResult second =
				Punet.promptTuneAnnotations(request(AnnotatedVolumes.annotation(labels, AnnotatedVolumes.CLASS, 1, 3, 4),
						AnnotatedVolumes.CLASS, out, false), Progress.NONE);
		assertTrue(second.continued());
		assertEquals(out.resolve("run_001/model.punet"), second.startedFrom());
		assertEquals(out.resolve("run_002"), second.run());
		assertTrue(
				second.command().contains("--ckpt " + out.resolve("run_001/model.punet"))
						&& second.command().contains("--mean_initialization false"),
				second.command());
		assertEquals("run_002", Files.readString(out.resolve("annotation.json")).replaceAll("(?s).*\"latest_run\": \"([^\"]+)\".*", "$1"));

		AnnotationTuneResult third = Punet.promptTuneAnnotations(request(AnnotatedVolumes.annotation(labels, AnnotatedVolumes.CLASS, 1),
				AnnotatedVolumes.CLASS, out, true), Progress.NONE);
		assertFalse(third.continued());
		assertEquals(body, third.startedFrom());
		assertEquals(out.resolve("run_003"), third.run());
	}

	@Test
	void anotherClassDoesNotContinueTheEarlierResult() {
		Path out = tmp.resolve("other");
		Punet.promptTuneAnnotations(request(AnnotatedVolumes.annotation(labels, 1, 2), 1, out, false), Progress.NONE);
		StringBuilder notes = new StringBuilder();
		Progress p = new Progress(new io.github.punetfiji.ProgressListener() {
			@Override
			public void progress(double fraction, String message) {}

			@Override
			public void message(String message) {
				notes.append(message).append('\n');
			}
		}, () -> false);
		AnnotationTuneResult r = Punet.promptTuneAnnotations(request(AnnotatedVolumes.annotation(labels, 1, 2), 4, out, false), p);
		assertFalse(r.continued());
		assertTrue(notes.toString().contains("the earlier result in " + out.toAbsolutePath() + " was for class 1; starting from " + body),
				notes.toString());
	}

	@Test
	void badInputIsOneMessageEach() {
		Path out = tmp.resolve("bad");
		Volume<?> a = AnnotatedVolumes.annotation(labels, 1, 2);
		assertEquals("class 2 is already a base class of body.punet (base classes [2, 3]); choose a class index it has not learnt",
				assertThrows(PunetException.class, () -> Punet.promptTuneAnnotations(request(a, 2, out, false), Progress.NONE))
						.getMessage());
		assertEquals("class_index 12 is outside the classes body.punet has prompts for (1–8); choose one of them",
				assertThrows(PunetException.class, () -> Punet.promptTuneAnnotations(request(a, 12, out, false), Progress.NONE))
						.getMessage());
		assertEquals("the annotation marks no voxel of the structure; outline it on at least one slice",
				assertThrows(PunetException.class,
						() -> Punet.promptTuneAnnotations(request(AnnotatedVolumes.annotation(labels, 77, 2), 1, out, false),
								Progress.NONE))
						.getMessage());
		Volume<?> small = new Volume<>(ArrayImgs.unsignedBytes(4, 4, 1), new double[] {1, 1, 1}, "small");
		assertEquals(
				"the annotation small is 4×4×1 but the image " + image.source()
						+ " is 40×40×6; the annotation must cover the image voxel for voxel",
				assertThrows(PunetException.class, () -> request(small, 1, out, false)).getMessage());
		Path inOut = AnnotatedVolumes.body(tmp.resolve("own/model.punet"));
		assertEquals(
				"the output folder " + inOut.getParent()
						+ " holds the model to tune (model.punet), which the result would replace; choose another "
						+ "output folder",
				assertThrows(PunetException.class, () -> Punet.promptTuneAnnotations(new AnnotationTuneRequest(inOut, image, a, 1, "",
						inOut.getParent(), false, 2, 2, 0.05, 1, null, null), Progress.NONE)).getMessage());
		assertFalse(Files.exists(out), "a refused run leaves no trace");
	}

	@Test
	void aThreeDimensionalModelRefusesASingleSlice() {
		Path body3d = tmp.resolve("body3d.punet");
		try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
			io.github.punetfiji.model.PunetConfig c = io.github.punetfiji.model.PunetConfig.preset("tiny")
					.with("patch_size_students", java.util.List.of(java.util.List.of(32L, 32L, 4L), java.util.List.of(32L, 32L, 4L)))
					.with("patch_size_teacher", new int[] {32, 32, 4}).with("attn_window_size", new int[] {4, 4, 2});
			io.github.punetfiji.model.file.PunetModel.create(io.github.punetfiji.model.file.ModelMetadata.of(c.validate()), m).save(body3d);
		}
		Volume<?> slice = new Volume<>(ArrayImgs.floats(40, 40, 1), new double[] {1, 1, 1}, "slice");
		Volume<?> a40 = new Volume<>(ArrayImgs.unsignedBytes(40, 40, 1), new double[] {1, 1, 1}, "a");
		((net.imglib2.type.numeric.integer.UnsignedByteType) Views.flatIterable(a40.image()).firstElement()).set(1);
		PunetException e = assertThrows(PunetException.class, () -> Punet.promptTuneAnnotations(
				new AnnotationTuneRequest(body3d, slice, a40, 2, "", tmp.resolve("3d"), false, 2, 2, 0.05, 1, null, null), Progress.NONE));
		assertEquals(
				"slice is a single 2D slice (40×40), but body3d.punet is a 3D model (windows 4 slices deep), which would pad it with 3 "
						+ "empty slices"
						+ " and give meaningless labels; use a 2D model (preset small or 2d) or a stack of at least 4 slices",
				e.getMessage());
	}

	private static double value(Volume<?> v, int x, int y, int z) {
		net.imglib2.RandomAccess<? extends RealType<?>> ra =
				((net.imglib2.RandomAccessibleInterval<? extends RealType<?>>) v.image()).randomAccess();
		ra.setPosition(new long[] {x, y, z});
		return ra.get().getRealDouble();
	}
}
