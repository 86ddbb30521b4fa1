package io.github.punetfiji.model;

import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.model.file.ModelFileRefusalTest;
import io.github.punetfiji.model.file.RawForward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.Fixtures;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing, reading and round trips of {@code .punet} files with the tiny-2d fixture weights. */
class ModelFileTest {
	static NDManager base;
	static Map<String, NpyArray> npz;
	static PunetModel model;
	static Path saved;
	@TempDir
	static Path dir;

	@SuppressWarnings("unchecked")
	@BeforeAll
	static void setUp() {
		base = NDManager.newBaseManager(ai.djl.Device.cpu());
		npz = Fixtures.npz("tiny-2d");
		PunetConfig config = PunetConfig.fromMap((Map<String, Object>) Fixtures.json("tiny-2d").get("config"));
		ModelMetadata md = ModelMetadata.builder(config).classes(Map.of(1, "liver", 2, "spleen")).spacing(new double[] {0.8, 0.8, 2.5})
				.intensity(Map.of("mode", "percentile", "low", 0.5, "high", 99.5)).trainable(new ModelMetadata.Trainable(1234, 0.004))
				.provenance("seed", 7L).provenance("future_key", List.of(1L, "x")).extra("notes", Map.of("by", "test")).build();
		model = PunetModel.of(md, npz, "param/", "tiny-2d.npz", base);
		saved = dir.resolve("tiny.punet");
		model.save(saved);
	}

	@AfterAll
	static void tearDown() {
		model.close();
		base.close();
	}

	static Map<String, NpyArray> forward(PunetModel m) {
		int[][] li = PunetParityTest.labelIndices(npz.get("in/label_indices"));
		return RawForward.run(m, npz.get("in/x"), li, PunetNetwork.Mode.BOTH, false);
	}

	static void assertBitEqual(String what, NpyArray a, NpyArray b) {
		assertEquals(a.dtype(), b.dtype(), what + ": dtype");
		assertArrayEquals(a.shape(), b.shape(), what + ": shape");
		assertEquals(a.bytes(), b.bytes(), what + ": values");
	}

	@Test
	void roundTripGivesBitIdenticalForwardAndEqualMetadata() {
		Map<String, NpyArray> before = forward(model);
		Fixtures.assertClose("dense", npz.get("out/eval/dense_embedded_latents"), NpyTensors.toNDArray(base, before.get("dense")), 1e-4,
				1e-5);
		try (PunetModel loaded = PunetModel.load(saved, base)) {
			Map<String, NpyArray> after = forward(loaded);
			assertBitEqual("dense", before.get("dense"), after.get("dense"));
			assertBitEqual("embedded", before.get("embedded"), after.get("embedded"));
			assertEquals(model.metadata(), loaded.metadata());
			assertEquals("liver", loaded.metadata().classes().get(1));
			assertEquals("class 3", loaded.metadata().classes().get(3));
			assertEquals(List.of(1L, "x"), loaded.metadata().provenance().get("future_key"));
			assertEquals(Map.of("by", "test"), loaded.metadata().extras().get("notes"));
			assertEquals("percentile", loaded.metadata().intensityMode());
			assertEquals(99.5, loaded.metadata().intensity().get("high"));
		}
	}

	@Test
	void weightsAreTheReferenceStateDictWithItsDtypes() throws IOException {
		try (ZipFile zip = new ZipFile(saved.toFile())) {
			List<String> names = new ArrayList<>();
			zip.stream().forEach(e -> names.add(e.getName()));
			assertEquals(List.of("model.json", "weights.npz"), names);
		}
		Map<String, NpyArray> written = ModelFile.read(saved).weights();
		List<String> expected = new ArrayList<>();
		for (String k : npz.keySet()) {
			if (k.startsWith("param/")) expected.add(k.substring(6));
		}
		assertEquals(expected, new ArrayList<>(written.keySet()), "state_dict names in state_dict order");
		for (String k : expected) assertBitEqual(k, npz.get("param/" + k), written.get(k));
	}

	@Test
	void equalContentGivesEqualBytes() throws IOException {
		Path again = dir.resolve("again.punet");
		model.save(again);
		assertArrayEquals(Files.readAllBytes(saved), Files.readAllBytes(again));
	}

	@Test
	void modelJsonHasEveryDocumentedKey() throws IOException {
		ModelMetadata md = ModelFile.read(saved).metadata();
		Map<String, Object> j = md.toJson();
		for (String k : List.of("format", "format_version", "preset", "config", "classes", "label_indices", "intensity", "spacing",
				"trained_prompts", "trainable", "provenance")) {
			assertTrue(j.containsKey(k), k);
		}
		assertEquals("punet", j.get("format"));
		assertEquals(1L, j.get("format_version"));
		assertEquals(List.of(0L, 1L, 2L, 3L), j.get("label_indices"));
		assertEquals(List.of(0L, 1L), j.get("trained_prompts"), "background and label_indices_base");
		assertEquals(Map.of("count", 1234L, "fraction", 0.004), j.get("trainable"));
		Map<?, ?> p = (Map<?, ?>) j.get("provenance");
		assertTrue(p.get("software").toString().startsWith("punet-fiji "));
		assertTrue(p.get("created").toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
		assertEquals(md.config().asMap(), j.get("config"));
	}

	@Test
	void failedWriteLeavesNoPartialFile() throws IOException {
		Path sub = Files.createDirectories(dir.resolve("failing"));
		Map<String, NpyArray> bad = new LinkedHashMap<>(model.toModelFile().weights());
		bad.put("../escape", NpyArray.ofFloats(new long[] {1}, new float[] {1}));
		Path target = sub.resolve("m.punet");
		assertThrows(PunetException.class, () -> new ModelFile(model.metadata(), bad).write(target));
		try (var files = Files.list(sub)) {
			assertEquals(0, files.count(), "no file and no temporary left");
		}
		Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
		PunetException e = assertThrows(PunetException.class, () -> model.save(notADir.resolve("m.punet")));
		assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
		assertFalse(Files.exists(notADir.resolve("m.punet")));
	}

	@Test
	void metadataValuesAreChecked() {
		PunetConfig c = model.metadata().config();
		assertThrows(PunetException.class, () -> ModelMetadata.builder(c).classes(Map.of(4, "x")).build());
		assertThrows(PunetException.class, () -> ModelMetadata.builder(c).labelIndices(0, 1, 2).build());
		assertThrows(PunetException.class, () -> ModelMetadata.builder(c).labelIndices(0, 1, 1, 2).build());
		assertThrows(PunetException.class, () -> ModelMetadata.builder(c).intensity("gamma").build());
		assertThrows(PunetException.class, () -> ModelMetadata.builder(c).spacing(new double[] {1, 0, 1}).build());
		assertThrows(PunetException.class, () -> ModelMetadata.builder(c).trainedPrompts(9).build());
		ModelMetadata m = ModelMetadata.of(c).withSpacing(new double[] {1, 1, 3}).withTrainedPrompts(0, 3);
		assertArrayEquals(new double[] {1, 1, 3}, m.spacing());
		assertArrayEquals(new int[] {0, 3}, m.trainedPrompts());
		assertEquals(m, ModelMetadata.fromJson(m.toJson(), "x"));
	}

	@Test
	void weightsThatDoNotFitTheConfigAreRefusedByName() throws IOException {
		Map<String, Object> json = model.metadata().toJson();
		@SuppressWarnings("unchecked")
		Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) json.get("config"));
		config.put("tokens_per_instruction", 8L);
		json.put("config", config);
		Path f = ModelFileRefusalTest.zip(dir.resolve("misfit.punet"), Map.of("model.json",
				io.github.punetfiji.io.Json.write(json).getBytes(StandardCharsets.UTF_8), "weights.npz", model.toModelFile().weightsNpz()));
		PunetException e = assertThrows(PunetException.class, () -> PunetModel.load(f, base).close());
		assertTrue(e.getMessage().contains("misfit.punet does not fit this network configuration"), e.getMessage());
		assertTrue(e.getMessage().contains("has shape"), e.getMessage());
	}

	static byte[] bytes(ModelFile f) throws IOException {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		f.write(b);
		return b.toByteArray();
	}

	static Path savedCopy(Path to) throws IOException {
		return Files.copy(saved, to);
	}

	static byte[] half() throws IOException {
		byte[] all = Files.readAllBytes(saved);
		return Arrays.copyOf(all, all.length / 2);
	}
}
