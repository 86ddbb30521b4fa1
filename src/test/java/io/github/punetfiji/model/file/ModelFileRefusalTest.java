package io.github.punetfiji.model.file;

import io.github.punetfiji.model.PunetConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.Fixtures;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.io.NpyArray;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of file {@link ModelFile#read} must refuse, and what it says (no network, no engine). */
public class ModelFileRefusalTest {
	@TempDir
	static Path dir;
	static byte[] json;
	static byte[] weights;
	static Path good;

	@SuppressWarnings("unchecked")
	@BeforeAll
	static void setUp() throws IOException {
		Map<String, NpyArray> state = new LinkedHashMap<>();
		Fixtures.npz("tiny-2d").forEach((k, v) -> {
			if (k.startsWith("param/")) state.put(k.substring(6), v);
		});
		ModelFile f = new ModelFile(ModelMetadata.of(PunetConfig.fromMap((Map<String, Object>) Fixtures.json("tiny-2d").get("config"))),
				state);
		json = f.metadataJson().getBytes(StandardCharsets.UTF_8);
		weights = f.weightsNpz();
		good = dir.resolve("good.punet");
		f.write(good);
	}

	/** A zip with the given entries, in order. */
	public static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
		}
		return file;
	}

	static Map<String, byte[]> entries(Object... kv) {
		Map<String, byte[]> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (byte[]) kv[i + 1]);
		return m;
	}

	static String refusal(Path file) {
		return assertThrows(PunetException.class, () -> ModelFile.read(file)).getMessage();
	}

	static void assertMessage(String message, String... parts) {
		for (String p : parts) assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
	}

	@Test
	void goodFileReads() {
		ModelFile f = ModelFile.read(good);
		assertEquals(Arrays.asList(f.weights().keySet().toArray()).size(), f.weights().size());
		assertEquals(4, f.metadata().classes().size());
	}

	@Test
	void truncatedFile() throws IOException {
		byte[] all = Files.readAllBytes(good);
		Path cut = Files.write(dir.resolve("cut.punet"), Arrays.copyOf(all, all.length / 2));
		assertMessage(refusal(cut), "cut.punet", "truncated or damaged", "copy it again");
		Path tiny = Files.write(dir.resolve("tiny.punet"), Arrays.copyOf(all, 10));
		assertMessage(refusal(tiny), "tiny.punet", "truncated or damaged");
	}

	@Test
	void textFileRenamed() throws IOException {
		Path txt = Files.writeString(dir.resolve("notes.punet"), "just some text\n");
		assertMessage(refusal(txt), "notes.punet", "not a .punet model file", "not a zip");
	}

	@Test
	void emptyMissingOrFolder() throws IOException {
		assertMessage(refusal(Files.createFile(dir.resolve("empty.punet"))), "empty.punet", "is empty");
		assertMessage(refusal(dir.resolve("missing.punet")), "no such file", "missing.punet");
		assertMessage(refusal(Files.createDirectories(dir.resolve("folder.punet"))), "folder.punet", "is a folder");
	}

	@Test
	void foreignZip() throws IOException {
		Path f = zip(dir.resolve("photos.punet"), entries("a.txt", "hello".getBytes(StandardCharsets.UTF_8), "b.png", new byte[] {1, 2}));
		assertMessage(refusal(f), "photos.punet", "not a PUNet model file", "a.txt, b.png");
		Map<String, Object> other = Json.parseObject(new String(json, StandardCharsets.UTF_8));
		other.put("format", "keras");
		Path k = zip(dir.resolve("keras.punet"),
				entries("model.json", Json.write(other).getBytes(StandardCharsets.UTF_8), "weights.npz", weights));
		assertMessage(refusal(k), "keras.punet", "format 'keras'", "not a PUNet model file");
	}

	@Test
	void newerFormatVersion() throws IOException {
		Map<String, Object> newer = Json.parseObject(new String(json, StandardCharsets.UTF_8));
		newer.put("format_version", 2L);
		Path f = zip(dir.resolve("newer.punet"),
				entries("model.json", Json.write(newer).getBytes(StandardCharsets.UTF_8), "weights.npz", weights));
		assertMessage(refusal(f), "newer.punet", "newer PUNet for Fiji", "update the plugin");
		newer.put("format_version", "one");
		Path g = zip(dir.resolve("odd.punet"),
				entries("model.json", Json.write(newer).getBytes(StandardCharsets.UTF_8), "weights.npz", weights));
		assertMessage(refusal(g), "odd.punet", "invalid format_version");
	}

	@Test
	void entriesWithPaths() throws IOException {
		for (String evil : new String[] {"../evil", "/etc/passwd", "sub/model.json", "..\\evil", "c:evil"}) {
			Path f = zip(dir.resolve("evil.punet"), entries("model.json", json, "weights.npz", weights, evil, new byte[] {1}));
			assertMessage(refusal(f), "evil.punet", "refusing zip entry '" + evil + "'");
		}
	}

	@Test
	void missingEntries() throws IOException {
		assertMessage(refusal(zip(dir.resolve("nojson.punet"), entries("weights.npz", weights))), "nojson.punet", "incomplete",
				"no model.json");
		assertMessage(refusal(zip(dir.resolve("noweights.punet"), entries("model.json", json))), "noweights.punet", "incomplete",
				"no weights.npz");
	}

	@Test
	void unknownEntriesAreIgnored() throws IOException {
		Path f = zip(dir.resolve("extra.punet"), entries("README.txt", new byte[] {1}, "model.json", json, "weights.npz", weights));
		assertEquals(ModelFile.read(good).weights().keySet(), ModelFile.read(f).weights().keySet());
	}

	@Test
	void zipBombIsStoppedWhileInflating() throws IOException {
		byte[] padding = new byte[(int) ModelFile.MAX_JSON_BYTES + 1];
		Arrays.fill(padding, (byte) ' ');
		byte[] big = new byte[padding.length + json.length];
		System.arraycopy(json, 0, big, 0, json.length);
		System.arraycopy(padding, 0, big, json.length, padding.length);
		Path f = zip(dir.resolve("bomb.punet"), entries("model.json", big, "weights.npz", weights));
		assertMessage(refusal(f), "bomb.punet", "model.json is larger than 16 MB");
		// NB: the same bomb declaring a small size in the central directory is stopped by counting.
		byte[] b = Files.readAllBytes(f);
		int cd = centralHeader(b, "model.json");
		java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(cd + 24, json.length);
		Path lying = Files.write(dir.resolve("lying.punet"), b);
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(lying.toFile())) {
			assertEquals(json.length, z.getEntry("model.json").getSize());
		}
		assertMessage(refusal(lying), "lying.punet", "model.json is larger than 16 MB");
	}

	/** Offset of the central directory header of an entry. */
	static int centralHeader(byte[] zip, String name) {
		byte[] n = name.getBytes(StandardCharsets.UTF_8);
		for (int i = zip.length - 46; i >= 0; i--) {
			if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2
					&& Arrays.equals(Arrays.copyOfRange(zip, i + 46, i + 46 + n.length), n)) {
				return i;
			}
		}
		throw new AssertionError("no central header for " + name);
	}

	@Test
	void boundedStreamCountsBytes() throws IOException {
		try (var in = new BoundedInputStream(new java.io.ByteArrayInputStream(new byte[100]), 99, "x")) {
			assertEquals(99, in.readNBytes(99).length);
			assertMessage(assertThrows(PunetException.class, in::read).getMessage(), "x is larger than");
		}
	}

	@Test
	void brokenJsonOrWeights() throws IOException {
		Path j = zip(dir.resolve("badjson.punet"),
				entries("model.json", "{\"format\": ".getBytes(StandardCharsets.UTF_8), "weights.npz", weights));
		assertMessage(refusal(j), "badjson.punet", "model.json is not a valid JSON object");
		Path w = zip(dir.resolve("badweights.punet"),
				entries("model.json", json, "weights.npz", "not a zip".getBytes(StandardCharsets.UTF_8)));
		assertMessage(refusal(w), "badweights.punet", "weights.npz");
		Map<String, Object> noConfig = Json.parseObject(new String(json, StandardCharsets.UTF_8));
		noConfig.remove("config");
		Path c = zip(dir.resolve("noconfig.punet"),
				entries("model.json", Json.write(noConfig).getBytes(StandardCharsets.UTF_8), "weights.npz", weights));
		assertMessage(refusal(c), "noconfig.punet", "invalid model.json", "'config'");
	}
}
