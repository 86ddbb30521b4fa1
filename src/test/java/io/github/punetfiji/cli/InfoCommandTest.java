package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./punet info}, run through {@link Main#run}. */
class InfoCommandTest {
	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... argv) {
		return Main.run(argv, new PrintStream(out, true), new PrintStream(err, true));
	}

	@Test
	void printsOneJsonLinePerFormat() {
		Volume<?> v = new Volume<>(ArrayImgs.shorts(new short[] {-1024, 5, 3000, 0, 7, 8}, 3, 2, 1), new double[] {0.7, 0.8, 1}, "ct", "ct",
				NiftiGeometry.UNKNOWN);
		for (String name : new String[] {"ct.nii.gz", "ct.nii", "ct.tif"}) {
			Path p = dir.resolve(name);
			Volumes.save(v, p);
			out.reset();
			assertEquals(0, run("info", p.toString()), err.toString());
			String line = out.toString().trim();
			assertEquals(1, line.lines().count(), line);
			Map<String, Object> m = Json.parseObject(line, "output");
			assertEquals(p.toString(), m.get("file"));
			assertEquals(List.of(3L, 2L, 1L), m.get("dims"));
			List<?> spacing = (List<?>) m.get("spacing");
			assertEquals(0.7, ((Number) spacing.get(0)).doubleValue(), 1e-6);
			assertEquals(0.8, ((Number) spacing.get(1)).doubleValue(), 1e-6);
			assertEquals("int16", m.get("type"));
			assertEquals(-1024L, m.get("min"));
			assertEquals(3000L, m.get("max"));
		}
		assertEquals("", err.toString());
	}

	@Test
	void aModelFileShowsWhetherAStoppedTrainingSavedIt() {
		Path model = SegmentCommandTest.tinyModel(dir, 3);
		assertEquals(0, run("info", model.toString()), err.toString());
		Map<String, Object> m = Json.parseObject(out.toString().trim(), "output");
		assertEquals("tiny", m.get("preset"));
		assertTrue(m.containsKey("stopped_at_step") && m.get("stopped_at_step") == null, m.toString());
		assertEquals(false, m.get("checkpoint"));
		io.github.punetfiji.model.file.ModelFile f = io.github.punetfiji.model.file.ModelFile.read(model);
		Path stopped = dir.resolve("stopped.punet");
		new io.github.punetfiji.model.file.ModelFile(f.metadata().withProvenance("stopped_at_step", 7), f.weights()).write(stopped);
		out.reset();
		assertEquals(0, run("info", stopped.toString()), err.toString());
		assertEquals(7L, Json.parseObject(out.toString().trim(), "output").get("stopped_at_step"));
	}

	@Test
	void floatImagesReportTheirRange() {
		Path p = dir.resolve("f.nii.gz");
		Volumes.save(new Volume<>(ArrayImgs.floats(new float[] {-0.5f, 2.25f}, 2, 1, 1), new double[] {1, 1, 1}, "f"), p);
		assertEquals(0, run("info", p.toString()));
		assertEquals(
				"{\"file\":" + Json.write(p.toString())
						+ ",\"dims\":[2,1,1],\"spacing\":[1.0,1.0,1.0],\"type\":\"float32\",\"min\":-0.5,\"max\":2.25}",
				out.toString().trim());
	}

	private void assertError(String expected, String... argv) {
		out.reset();
		err.reset();
		assertEquals(2, run(argv), err.toString());
		String e = err.toString();
		assertTrue(e.startsWith("punet: error: ") && e.contains(expected), e);
		assertEquals(1, e.trim().lines().count(), e);
		assertEquals("", out.toString());
	}

	@Test
	void badInputExitsTwoWithOneErrorLine() throws IOException {
		assertError("no such file", "info", dir.resolve("missing.nii.gz").toString());
		Path txt = Files.write(dir.resolve("a.txt"), new byte[1]);
		assertError("unknown image format", "info", txt.toString());
		Path gz = dir.resolve("cut.nii.gz");
		Volumes.save(new Volume<>(ArrayImgs.floats(new float[4096], 16, 16, 16), new double[] {1, 1, 1}, "c"), gz);
		byte[] bytes = Files.readAllBytes(gz);
		Files.write(gz, Arrays.copyOf(bytes, bytes.length - 20));
		assertError("truncated", "info", gz.toString());
		Path fourD = dir.resolve("4d.nii");
		Volumes.save(new Volume<>(ArrayImgs.floats(new float[8], 2, 2, 2), new double[] {1, 1, 1}, "c"), fourD);
		byte[] h = Files.readAllBytes(fourD);
		java.nio.ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(40, (short) 4).putShort(46, (short) 1).putShort(48,
				(short) 2);
		Files.write(fourD, h);
		assertError("4D", "info", fourD.toString());
		assertError("exactly one FILE", "info");
		assertError("unknown flag --bogus", "info", txt.toString(), "--bogus");
	}
}
