package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.VoxelType;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./punet similarity} end to end on a tiny random model and a synthetic subject. */
class SimilarityCommandTest {
	@TempDir
	static Path dir;
	static Path model, image;

	@BeforeAll
	static void data() {
		Engine.getInstance().setRandomSeed(5);
		try (NDManager m = NDManager.newBaseManager(); PunetModel pm = PunetModel.create(ModelMetadata.of(PunetConfig.preset("tiny")), m)) {
			model = dir.resolve("tiny.punet");
			pm.save(model);
		}
		SampleData.write(dir.resolve("data"), 1, 2, new int[] {48, 48, 4}, "test", 1);
		image = dir.resolve("data/images/synth_000.nii.gz");
	}

	record Run(int status, String out, String err) {}

	static Run run(String... argv) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int status = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void writesTheMapAndTheOverlay() throws Exception {
		Path out = dir.resolve("sim");
		Run r = run("similarity", "--ckpt", model.toString(), "--image", image.toString(), "--point", "10,20,1", "--out", out.toString(),
				"--device", "cpu");
		assertEquals(0, r.status(), r.err());
		Map<String, Object> summary = Json.parseObject(r.out().trim());
		assertEquals(out.resolve("synth_000_similarity.nii.gz").toString(), summary.get("map"));
		assertEquals(List.of(0L, 1L), summary.get("prompts"));
		Volume<?> map = Nifti.read(out.resolve("synth_000_similarity.nii.gz"));
		assertEquals(VoxelType.FLOAT32, map.type());
		assertArrayEquals(new long[] {48, 48, 4}, map.dims());
		assertEquals(Nifti.read(image).geometry(), map.geometry());
		var ra = map.image().randomAccess();
		ra.setPosition(new long[] {10, 20, 1});
		assertEquals(1.0, ((net.imglib2.type.numeric.RealType<?>) ra.get()).getRealDouble(), 1e-5);
		java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("synth_000_similarity.png").toFile());
		assertEquals(48, png.getWidth());
		assertEquals(48, png.getHeight());
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(2, files.count(), "only the two outputs, no temporary files");
		}
		Run self = run("similarity", "--ckpt", model.toString(), "--image", image.toString(), "--point", "10,20,1", "--out", out.toString(),
				"--without_prompts");
		assertEquals(0, self.status(), self.err());
		assertEquals(List.of(), Json.parseObject(self.out().trim()).get("prompts"));
	}

	@Test
	void refusesBadInputWithAMessage() {
		String out = dir.resolve("bad").toString();
		Run r = run("similarity", "--ckpt", model.toString(), "--image", image.toString(), "--point", "10,48,1", "--out", out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("--point 10,48,1 lies outside the image of 48×48×4 voxels"), r.err());
		r = run("similarity", "--ckpt", model.toString(), "--image", image.toString(), "--point", "10,20", "--out", out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("flag --point needs three voxel coordinates x,y,z, got 2 value(s)"), r.err());
		r = run("similarity", "--ckpt", dir.resolve("none.punet").toString(), "--image", image.toString(), "--point", "1,2,0", "--out",
				out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("--ckpt: no such model file: " + dir.resolve("none.punet")), r.err());
		r = run("similarity", "--ckpt", image.toString(), "--image", image.toString(), "--point", "1,2,0", "--out", out);
		assertEquals(2, r.status());
		assertTrue(r.err().contains("is not a .punet model file"), r.err());
		r = run("similarity", "--ckpt", model.toString(), "--image", image.toString(), "--point", "1,2,0", "--out", out, "--label_indices",
				"1", "--without_prompts");
		assertEquals(2, r.status());
		assertTrue(r.err().contains("cannot go with --without_prompts"), r.err());
		assertTrue(Files.notExists(dir.resolve("bad")), "nothing written on errors");
	}

	@Test
	void aThreeDimensionalModelRefusesASingleSliceOnStderr() {
		Path model3d = dir.resolve("tiny3d.punet");
		Engine.getInstance().setRandomSeed(5);
		PunetConfig c = PunetConfig.preset("tiny").with("patch_size_students", List.of(List.of(32L, 32L, 4L), List.of(32L, 32L, 4L)))
				.with("patch_size_teacher", new int[] {32, 32, 4}).with("attn_window_size", new int[] {4, 4, 2}).validate();
		try (NDManager m = NDManager.newBaseManager(); PunetModel pm = PunetModel.create(ModelMetadata.of(c), m)) {
			pm.save(model3d);
		}
		Path slice = dir.resolve("slice.nii.gz");
		io.github.punetfiji.data.Volumes
				.save(new Volume<>(net.imglib2.img.array.ArrayImgs.floats(40, 40, 1), new double[] {1, 1, 1}, "slice"), slice);
		Run r = run("similarity", "--ckpt", model3d.toString(), "--image", slice.toString(), "--point", "5,5,0", "--out",
				dir.resolve("sim3d").toString(),
				"--device", "cpu");
		assertEquals(2, r.status(), r.err());
		assertEquals("punet: error: " + slice
				+ " is a single 2D slice (40×40), but tiny3d.punet is a 3D model (windows 4 slices deep), which would pad it "
				+ "with 3 empty slices and give meaningless labels; use a 2D model (preset small or 2d) or a stack of at least 4 slices",
				r.err().strip()
						.lines().reduce((a, b) -> b).orElse(""));
		assertTrue(Files.notExists(dir.resolve("sim3d/slice_similarity.nii.gz")), "nothing written");
	}
}
