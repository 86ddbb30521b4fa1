package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.Fixtures;
import io.github.punetfiji.io.Npy;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.io.Npz;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.NpyTensors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert}, {@code export} and {@code forward} through {@link Main#run}, against the tiny-2d fixture. */
class ModelCliTest {
	@TempDir
	static Path dir;
	static Map<String, NpyArray> npz;
	static Path model;
	static Path x;
	static NDManager manager;

	/** Exit status and what went to stdout and stderr. */
	record Result(int status, String out, String err) {}

	static Result cli(Object... argv) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String[] a = new String[argv.length];
		for (int i = 0; i < a.length; i++) a[i] = argv[i].toString();
		int status = Main.run(a, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	static Result ok(Object... argv) {
		Result r = cli(argv);
		assertEquals(0, r.status, r.err);
		return r;
	}

	static void writeNpy(Path file, NpyArray a) throws IOException {
		try (OutputStream o = Files.newOutputStream(file)) {
			Npy.write(o, a);
		}
	}

	static void writeNpz(Path file, Map<String, NpyArray> arrays) throws IOException {
		try (OutputStream o = Files.newOutputStream(file)) {
			Npz.write(o, arrays);
		}
	}

	@BeforeAll
	static void setUp() throws IOException {
		manager = NDManager.newBaseManager(ai.djl.Device.cpu());
		npz = Fixtures.npz("tiny-2d");
		x = dir.resolve("x.npy");
		writeNpy(x, npz.get("in/x"));
		model = dir.resolve("tiny.punet");
		Result r = ok("convert", "--weights", Fixtures.DIR.resolve("tiny-2d.npz"), "--config", Fixtures.DIR.resolve("tiny-2d.json"),
				"--out", model);
		assertTrue(r.out.contains("\"tensors\":"), r.out);
	}

	@AfterAll
	static void tearDown() {
		manager.close();
	}

	static void assertMatches(String key, Path y, String name) {
		Fixtures.assertClose(key, npz.get(key), NpyTensors.toNDArray(manager, Npz.read(y).get(name)), 1e-4, 1e-5);
	}

	@Test
	void convertedFixtureForwardsLikeTheReference() {
		Path y = dir.resolve("eval.npz");
		Result r = ok("forward", "--ckpt", model, "--input", x, "--label_indices", "1,1,0,0;1,0,0,1", "--out", y);
		assertTrue(r.err.contains("punet: device: cpu"), r.err);
		assertTrue(r.out.contains("\"dense\":[2,2,32,32,1]"), r.out);
		assertMatches("out/eval/dense_embedded_latents", y, "dense");
		assertMatches("out/eval/patched_embedded_latents", y, "embedded");
		assertEquals(List.of("dense", "embedded"), List.copyOf(Npz.read(y).keySet()));
	}

	@Test
	void selfModeAndTrainMode() {
		Path self = dir.resolve("self.npz");
		ok("forward", "--ckpt", model, "--input", x, "--label_indices", "1,1,0,0; 1,0,0,1", "--mode_loss", "self", "--out", self);
		assertMatches("out/eval_self/dense_embedded_latents", self, "dense");
		Path train = dir.resolve("train.npz");
		ok("forward", "--ckpt", model, "--input", x, "--label_indices", "1,1,0,0;1,0,0,1", "--train_mode", "--out", train);
		assertMatches("out/train/dense_embedded_latents", train, "dense");
	}

	@Test
	void everyClassIsActiveByDefault() {
		Path y = dir.resolve("all.npz");
		ok("forward", "--ckpt", model, "--input", x, "--out", y);
		assertArrayEquals(new long[] {2, 4, 32, 32, 1}, Npz.read(y).get("dense").shape());
	}

	@Test
	void gpuRequestRunsOnTheGpuOrIsRefusedWithoutOne() {
		Path y = dir.resolve("gpu.npz");
		Result r = cli("forward", "--ckpt", model, "--input", x, "--device", "gpu", "--out", y);
		if (ai.djl.engine.Engine.getInstance().getGpuCount() > 0) {
			assertEquals(0, r.status, r.err);
			assertTrue(r.err.contains("punet: device: gpu"), r.err);
		} else {
			assertEquals(2, r.status, r.err);
			assertTrue(r.err.contains("no GPU is visible") && r.err.contains("choose cpu or auto"), r.err);
			assertFalse(Files.exists(y), "nothing written");
		}
		Result auto = ok("forward", "--ckpt", model, "--input", x, "--out", dir.resolve("auto.npz"));
		assertTrue(
				auto.err.contains("punet: device: " + (ai.djl.engine.Engine.getInstance().getGpuCount() > 0 ? "gpu" : "cpu") + " (auto)"),
				auto.err);
	}

	@Test
	void plainStateDictNamesAndNamespaceConfig() throws IOException {
		Map<String, NpyArray> plain = new LinkedHashMap<>();
		npz.forEach((k, v) -> {
			if (k.startsWith("param/")) plain.put(k.substring(6), v);
		});
		Path w = dir.resolve("state_dict.npz");
		writeNpz(w, plain);
		Path c = Files.writeString(dir.resolve("namespace.json"),
				io.github.punetfiji.io.Json.write(Fixtures.json("tiny-2d").get("config")));
		Path names = Files.writeString(dir.resolve("names.json"), "[\"background\", \"liver\", \"spleen\", \"kidney\"]");
		Path m = dir.resolve("plain.punet");
		ok("convert", "--weights", w, "--config", c, "--classes", names, "--spacing", "0.8,0.8,2.5", "--out", m);
		ModelFile f = ModelFile.read(m);
		assertEquals("spleen", f.metadata().classes().get(2));
		assertArrayEquals(new double[] {0.8, 0.8, 2.5}, f.metadata().spacing());
		assertWeightsEqual(ModelFile.read(model), f);
	}

	@Test
	void exportThenConvertBackGivesIdenticalWeights() throws IOException {
		Path out = dir.resolve("exported");
		Result r = ok("export", "--ckpt", model, "--out", out);
		assertTrue(r.out.contains("weights.npz"), r.out);
		assertTrue(Files.isRegularFile(out.resolve("model.json")));
		Path back = dir.resolve("back.punet");
		ok("convert", "--weights", out.resolve("weights.npz"), "--config", out.resolve("model.json"), "--out", back);
		ModelFile a = ModelFile.read(model);
		ModelFile b = ModelFile.read(back);
		assertWeightsEqual(a, b);
		assertArrayEquals(a.weightsNpz(), b.weightsNpz());
		assertEquals(a.metadata().classes(), b.metadata().classes());
		assertEquals(a.metadata().config(), b.metadata().config());
		assertEquals(Npz.read(out.resolve("weights.npz")).keySet(), a.weights().keySet());
	}

	static void assertWeightsEqual(ModelFile a, ModelFile b) {
		assertEquals(List.copyOf(a.weights().keySet()), List.copyOf(b.weights().keySet()));
		for (String k : a.weights().keySet()) {
			assertEquals(a.weights().get(k).dtype(), b.weights().get(k).dtype(), k);
			assertEquals(a.weights().get(k).bytes(), b.weights().get(k).bytes(), k);
		}
	}

	@Test
	void helpListsTheSubcommands() {
		Result r = ok("--help");
		for (String s : List.of("convert --weights", "export --ckpt", "forward --ckpt")) assertTrue(r.out.contains(s), r.out);
		assertTrue(ok("forward", "--help").out.contains("--label_indices"));
	}
}
