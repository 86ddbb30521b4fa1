package io.github.punetfiji.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.Progress;
import io.github.punetfiji.ProgressListener;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.io.Notes;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.PunetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2D model on a stack segments slice by slice with one note; a 3D model refuses a single slice (segment, folder,
 * similarity) and warns on a stack thinner than its windows; notes reach {@link Notes} and the status line.
 */
class DimensionalityTest {
	@TempDir
	static Path tmp;
	static Path model2d, model3d;

	final List<String> notes = new ArrayList<>();
	final List<String> messages = new ArrayList<>();
	final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
	final Progress progress = new Progress(new ProgressListener() {
		@Override
		public void progress(double fraction, String message) {
			threads.add(Thread.currentThread().getName());
		}

		@Override
		public void message(String message) {
			messages.add(message);
		}
	}, () -> false);

	@BeforeAll
	static void models() {
		PunetConfig tiny = PunetConfig.preset("tiny");
		PunetConfig tiny3d = tiny.with("patch_size_students", List.of(List.of(32L, 32L, 4L), List.of(32L, 32L, 4L)))
				.with("patch_size_teacher", new int[] {32, 32, 4})
				.with("attn_window_size", new int[] {4, 4, 2}).validate();
		model2d = save(tiny, "body2d.punet");
		model3d = save(tiny3d, "body3d.punet");
	}

	private static Path save(PunetConfig c, String name) {
		Engine.getInstance().setRandomSeed(5);
		Path file = tmp.resolve(name);
		try (NDManager m = NDManager.newBaseManager(); PunetModel pm = PunetModel.create(ModelMetadata.of(c), m)) {
			pm.save(file);
		}
		return file;
	}

	@BeforeEach
	void captureNotes() {
		// NB: only the notes about these models (the first network of a JVM may add the kernel check's note)
		Notes.setSink(line -> {
			if (line.contains(".punet")) notes.add(line);
		});
	}

	@AfterEach
	void restoreNotes() {
		Notes.setSink(line -> System.err.println("punet: " + line));
	}

	/** A seeded CT-like float image of 40×40×z, named {@code name}. */
	static Volume<FloatType> image(long z, String name) {
		ArrayImg<FloatType, ?> img = ArrayImgs.floats(40, 40, z);
		Random r = new Random(z);
		for (FloatType t : img) t.set(r.nextFloat() * 400 - 200);
		return new Volume<>(img, new double[] {1, 1, 2}, name);
	}

	static SegmentRequest segment(Path model, Volume<?> image) {
		return new SegmentRequest(model, image, new int[0], 0.5, false, null, Compute.DEFAULT);
	}

	@Test
	void aThreeDimensionalModelRefusesASingleSlice() {
		String message =
				"slice is a single 2D slice (40×40), but body3d.punet is a 3D model (windows 4 slices deep), which would pad it with 3 "
						+ "empty "
						+ "slices and give meaningless labels; use a 2D model (preset small or 2d) or a stack of at least 4 slices";
		assertEquals(message,
				assertThrows(PunetException.class, () -> Punet.segment(segment(model3d, image(1, "slice")), progress)).getMessage());
		assertEquals(message, assertThrows(PunetException.class, () -> Punet.similarity(new SimilarityRequest(model3d, image(1, "slice"),
				new int[] {5, 5, 0}, true, new int[0], Compute.DEFAULT), progress)).getMessage());

		Path images = tmp.resolve("slices");
		Volumes.save(image(1, "slice"), images.resolve("slice.nii.gz"));
		Path out = tmp.resolve("slices_out");
		PunetException e = assertThrows(PunetException.class,
				() -> Punet.segmentFolder(new SegmentFolderRequest(model3d, images, null, out, new int[0],
						0.5, false, null, Compute.DEFAULT), progress));
		assertEquals(message.replaceFirst("^slice ", images.resolve("slice.nii.gz") + " "), e.getMessage());
		assertFalse(Files.exists(out.resolve("slice_labels.nii.gz")), "a refused folder writes nothing");
		assertEquals(List.of(), notes);
	}

	@Test
	void aThreeDimensionalModelWarnsOnAStackThinnerThanItsWindows() {
		SegmentResult r = Punet.segment(segment(model3d, image(2, "thin")), progress);
		assertArrayEquals(new long[] {40, 40, 2}, r.labels().dims());
		String warning =
				"thin has 2 slices, fewer than the 4 of the 3D windows of body3d.punet: it is padded with 2 empty slices, so the labels "
						+ "near them "
						+ "may be wrong; a stack of at least 4 slices avoids this";
		assertEquals(List.of("warning: " + warning), notes);
		assertEquals(List.of("warning: " + warning), messages);

		notes.clear();
		Punet.segment(segment(model3d, image(4, "deep")), progress);
		assertEquals(List.of(), notes, "a stack as deep as the windows needs no word");
		// NB: the engine's work runs where glibc keeps freed memory for reuse, for Fiji's commands as for the CLI
		if (io.github.punetfiji.model.runtime.EngineThread.state().startsWith("on"))
			assertTrue(threads.stream().allMatch(t -> t.startsWith("punet-engine-")) && !threads.isEmpty(), threads.toString());
	}

	@Test
	void aTwoDimensionalModelSegmentsAStackSliceBySliceWithOneNote() {
		Path images = tmp.resolve("stacks");
		Volumes.save(image(3, "a"), images.resolve("a.nii.gz"));
		Volumes.save(image(5, "b"), images.resolve("b.nii.gz"));
		SegmentFolderResult r =
				Punet.segmentFolder(new SegmentFolderRequest(model2d, images, null, tmp.resolve("stacks_out"), new int[0], 0.5, false, null,
						Compute.DEFAULT), progress);
		assertEquals(2, r.images());
		String note = "body2d.punet is a 2D model: it segments the 3 slices of " + images.resolve("a.nii.gz")
				+ " one by one, without context across slices";
		assertEquals(List.of("note: " + note), notes, "one note for the whole folder");
		assertEquals(List.of(note), messages);

		notes.clear();
		Punet.segment(segment(model2d, image(1, "slice")), progress);
		assertEquals(List.of(), notes, "a 2D model on a 2D image needs no word");
		Punet.similarity(new SimilarityRequest(model2d, image(3, "stack"), new int[] {5, 5, 1}, true, new int[0], Compute.DEFAULT),
				progress);
		assertEquals(List.of("note: body2d.punet is a 2D model: the map covers slice 1 of stack (the point's slice) only"), notes);
	}
}
