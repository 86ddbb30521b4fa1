package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.infer.SegmentationMetrics;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mode predict} and {@code --mode test} end to end on a tiny random model and two tiny volumes. */
class SegmentCommandTest {
	@TempDir
	static Path dir;
	static Path model, images, masks;

	/** A randomly initialised {@code tiny} model (base classes 1 and 2), seeded, saved as {@code dir/tiny.punet}. */
	static Path tinyModel(Path dir, int seed) {
		PunetConfig c = PunetConfig.preset("tiny").with("label_indices_base", List.of(1L, 2L)).validate();
		Engine.getInstance().setRandomSeed(seed);
		Path file = dir.resolve("tiny.punet");
		try (NDManager m = NDManager.newBaseManager(); PunetModel pm = PunetModel.create(ModelMetadata.of(c), m)) {
			pm.save(file);
		}
		return file;
	}

	@BeforeAll
	static void data() throws IOException {
		model = tinyModel(dir, 21);
		images = Files.createDirectories(dir.resolve("images"));
		masks = Files.createDirectories(dir.resolve("masks"));
		write("a", 40, 36, 2, 1);
		write("b", 30, 33, 3, 2);
	}

	static void write(String name, int nx, int ny, int nz, long seed) {
		Random r = new Random(seed);
		ArrayImg<ShortType, ?> img = ArrayImgs.shorts(nx, ny, nz);
		ArrayImg<UnsignedByteType, ?> lab = ArrayImgs.unsignedBytes(nx, ny, nz);
		var cl = lab.cursor();
		var ci = img.cursor();
		while (ci.hasNext()) {
			ci.fwd();
			cl.fwd();
			int x = ci.getIntPosition(0), y = ci.getIntPosition(1);
			int label = x < nx / 3 ? 0 : y < ny / 2 ? 1 : 2;
			ci.get().set((short) (label * 300 - 200 + r.nextInt(100)));
			cl.get().set(label);
		}
		float[][] srow = {{-0.7f, 0, 0, 5}, {0, -0.7f, 0, 6}, {0, 0, 3f, 7}};
		NiftiGeometry g = new NiftiGeometry(3, 1, 1, new float[] {0, 0, 1}, new float[] {5, 6, 7}, srow, 2, 1f);
		Nifti.write(new Volume<>(img, new double[] {0.7, 0.7, 3}, name, name, g), images.resolve(name + ".nii.gz"));
		Nifti.write(new Volume<>(lab, new double[] {0.7, 0.7, 3}, name, name, g), masks.resolve(name + ".nii.gz"));
	}

	static List<String> files(Path d) throws IOException {
		if (!Files.exists(d)) return List.of();
		try (Stream<Path> s = Files.list(d)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@SuppressWarnings("unchecked")
	static RandomAccessibleInterval<? extends RealType<?>> img(Volume<?> v) {
		return (RandomAccessibleInterval<? extends RealType<?>>) v.image();
	}

	@Test
	void predictWritesLabelsAndProbabilitiesInTheInputGeometry() throws IOException {
		Path out = dir.resolve("predict-out");
		long before = Files.getLastModifiedTime(images.resolve("a.nii.gz")).toMillis();
		ModelCliTest.Result r = ModelCliTest.ok("--mode", "predict", "--ckpt", model, "--dir_images", images, "--out", out,
				"--save_probabilities", "--batch_size", 3, "--device", "cpu");
		assertEquals(List.of("a_labels.nii.gz", "a_prob_0.nii.gz", "a_prob_1.nii.gz", "a_prob_2.nii.gz", "b_labels.nii.gz",
				"b_prob_0.nii.gz", "b_prob_1.nii.gz", "b_prob_2.nii.gz"), files(out));
		Map<String, Object> summary = Json.parseObject(r.out().trim());
		assertEquals("cpu", summary.get("device"));
		Volume<?> in = Nifti.read(images.resolve("b.nii.gz"));
		Volume<?> labels = Nifti.read(out.resolve("b_labels.nii.gz"));
		assertArrayEquals(in.dims(), labels.dims());
		assertArrayEquals(in.spacing(), labels.spacing(), 1e-6);
		assertEquals(in.geometry().qformCode(), labels.geometry().qformCode());
		assertArrayEquals(in.geometry().srow(0), labels.geometry().srow(0));
		assertEquals("uint8", labels.type().label);
		assertEquals("float32", Nifti.read(out.resolve("b_prob_1.nii.gz")).type().label);
		assertEquals(before, Files.getLastModifiedTime(images.resolve("a.nii.gz")).toMillis(), "inputs untouched");
	}

	@Test
	void testWritesMetricsAndPrintsTheSummaryLine() throws IOException {
		Path out = dir.resolve("test-out");
		ModelCliTest.Result r = ModelCliTest.ok("--mode", "test", "--ckpt", model, "--dir_images", images, "--dir_masks", masks, "--out",
				out, "--sliding_window_overlap", "0.25", "--blending", "gaussian");
		assertEquals(List.of("a_labels.nii.gz", "b_labels.nii.gz", "metrics.csv"), files(out));
		List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
		assertEquals("subject,class,dice,hd95", csv.get(0));
		assertEquals(8, csv.size());
		assertTrue(csv.get(1).startsWith("a,1,"));
		assertTrue(csv.get(4).startsWith("b,2,"));
		assertTrue(csv.get(7).startsWith("mean,all,"));
		// the rows are the scores of the written labels against the masks
		Volume<?> pred = Nifti.read(out.resolve("a_labels.nii.gz"));
		List<SegmentationMetrics.Score> s = SegmentationMetrics.score(img(pred), img(Nifti.read(masks.resolve("a.nii.gz"))), pred.spacing(),
				new int[] {1, 2});
		assertEquals(s.get(0).dice(), Double.parseDouble(csv.get(1).split(",")[2]), 1e-6);
		Map<String, Object> summary = Json.parseObject(r.out().trim());
		assertEquals(List.of("mean_dice", "per_class", "trainable_fraction", "device"), List.copyOf(summary.keySet()));
		assertEquals(Double.parseDouble(csv.get(7).split(",")[2]), ((Number) summary.get("mean_dice")).doubleValue(), 1e-6);
		assertEquals(List.of("1", "2"), List.copyOf(((Map<String, Object>) summary.get("per_class")).keySet()));
	}

	@Test
	void badInputsExitWithStatus2AndWriteNothing() throws IOException {
		Path out = dir.resolve("bad-out");
		ModelCliTest.Result r = ModelCliTest.cli("--mode", "predict", "--ckpt", model, "--dir_images", images, "--out",
				images.resolve("sub"));
		assertEquals(2, r.status());
		assertTrue(r.err().startsWith("punet: error: --out"), r.err());
		assertFalse(Files.exists(images.resolve("sub")));

		Path badMasks = Files.createDirectories(dir.resolve("bad-masks"));
		Files.copy(masks.resolve("a.nii.gz"), badMasks.resolve("a.nii.gz"));
		r = ModelCliTest.cli("--mode", "test", "--ckpt", model, "--dir_images", images, "--dir_masks", badMasks, "--out", out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("no mask b.nii.gz"), r.err());
		// a mask of another size, and one with a label value the model does not have
		Nifti.write(new Volume<>(ArrayImgs.unsignedBytes(30, 33, 2), new double[] {1, 1, 1}, "b"), badMasks.resolve("b.nii.gz"));
		r = ModelCliTest.cli("--mode", "test", "--ckpt", model, "--dir_images", images, "--dir_masks", badMasks, "--out", out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("mask size [30, 33, 2] differs"), r.err());
		ArrayImg<UnsignedByteType, ?> seven = ArrayImgs.unsignedBytes(30, 33, 3);
		seven.firstElement().set(7);
		Nifti.write(new Volume<>(seven, new double[] {1, 1, 1}, "b"), badMasks.resolve("b.nii.gz"));
		r = ModelCliTest.cli("--mode", "test", "--ckpt", model, "--dir_images", images, "--dir_masks", badMasks, "--out", out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("label values [7.0] are not classes"), r.err());
		assertEquals(List.of(), files(out), "nothing written, no staging folder left");

		Path nanImages = Files.createDirectories(dir.resolve("nan-images"));
		Nifti.write(new Volume<>(ArrayImgs.floats(new float[] {1, Float.NaN, 0, 0}, 2, 2, 1), new double[] {1, 1, 1}, "n"),
				nanImages.resolve("n.nii"));
		r = ModelCliTest.cli("--mode", "predict", "--ckpt", model, "--dir_images", nanImages, "--out", out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("NaN"), r.err());
		assertEquals(List.of(), files(out));

		r = ModelCliTest.cli("--mode", "predict", "--ckpt", model, "--dir_images", images, "--out", out,
				"--label_indices_downstream_active", "5");
		assertEquals(2, r.status());
		assertTrue(r.err().contains("class 5"), r.err());
		r = ModelCliTest.cli("--mode", "predict", "--ckpt", model, "--dir_images", images, "--out", out, "--sliding_window_overlap", "1");
		assertEquals(2, r.status());
	}
}
