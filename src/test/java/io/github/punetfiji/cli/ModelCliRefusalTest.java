package io.github.punetfiji.cli;

import static io.github.punetfiji.cli.ModelCliTest.cli;
import static io.github.punetfiji.cli.ModelCliTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.Fixtures;
import io.github.punetfiji.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and bad inputs of {@code convert}, {@code export} and {@code forward}: exit 2, one error line, no output. */
class ModelCliRefusalTest {
	@TempDir
	static Path dir;
	static Path model;
	static Path x;

	@BeforeAll
	static void setUp() throws IOException {
		x = dir.resolve("x.npy");
		ModelCliTest.writeNpy(x, Fixtures.npz("tiny-2d").get("in/x"));
		model = dir.resolve("tiny.punet");
		ok("convert", "--weights", Fixtures.DIR.resolve("tiny-2d.npz"), "--config", Fixtures.DIR.resolve("tiny-2d.json"), "--out", model);
	}

	/** Runs, expects exit 2 with one {@code punet: error:} line holding every part, and no file at {@code out}. */
	static void refused(Path out, String[] parts, Object... argv) {
		ModelCliTest.Result r = cli(argv);
		assertEquals(2, r.status(), Arrays.toString(argv) + ": " + r.err());
		String[] lines = r.err().lines().filter(l -> l.startsWith("punet: error: ")).toArray(String[]::new);
		assertEquals(1, lines.length, r.err());
		for (String p : parts) assertTrue(lines[0].contains(p), "'" + p + "' missing from: " + lines[0]);
		assertFalse(r.err().contains("\tat "), "no stack trace without --debug");
		if (out != null) assertFalse(Files.exists(out), out + " must not be written");
	}

	static String[] says(String... parts) {
		return parts;
	}

	Path npy(String name, long... shape) throws IOException {
		Path p = dir.resolve(name);
		ModelCliTest.writeNpy(p, NpyArray.ofFloats(shape, new float[(int) NpyArray.size(shape)]));
		return p;
	}

	@Test
	void badForwardInputs() throws IOException {
		Path y = dir.resolve("y.npz");
		refused(y, says("--input", "5 axes"), "forward", "--ckpt", model, "--input", npy("rank4.npy", 1, 1, 32, 32), "--out", y);
		refused(y, says("--input", "2 channel(s)", "expects 1"), "forward", "--ckpt", model, "--input", npy("c2.npy", 1, 2, 16, 16, 1),
				"--out", y);
		float[] v = new float[256];
		v[17] = Float.NaN;
		Path nan = dir.resolve("nan.npy");
		ModelCliTest.writeNpy(nan, NpyArray.ofFloats(new long[] {1, 1, 16, 16, 1}, v));
		refused(y, says("nan.npy", "NaN", "finite"), "forward", "--ckpt", model, "--input", nan, "--out", y);
		Path corrupt = Files.writeString(dir.resolve("corrupt.npy"), "this is not numpy");
		refused(y, says("corrupt.npy", "not a NumPy .npy array"), "forward", "--ckpt", model, "--input", corrupt, "--out", y);
		byte[] good = Files.readAllBytes(x);
		Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(good, good.length - 100));
		refused(y, says("cut.npy", "truncated"), "forward", "--ckpt", model, "--input", cut, "--out", y);
		refused(y, says("--input", "no such file"), "forward", "--ckpt", model, "--input", dir.resolve("none.npy"), "--out", y);
		ModelCliTest.writeNpy(dir.resolve("ints.npy"), NpyArray.ofLongs(new long[] {1, 1, 2, 2, 1}, new long[4]));
		refused(y, says("float32"), "forward", "--ckpt", model, "--input", dir.resolve("ints.npy"), "--out", y);
	}

	@Test
	void badLabelIndices() {
		Path y = dir.resolve("y.npz");
		refused(y, says("--label_indices", "1 row(s)", "2 sample(s)"), "forward", "--ckpt", model, "--input", x, "--label_indices",
				"1,1,0,0", "--out", y);
		refused(y, says("--label_indices", "'2' is not 0 or 1"), "forward", "--ckpt", model, "--input", x, "--label_indices",
				"1,2,0,0;1,0,0,1", "--out", y);
		refused(y, says("--label_indices", "row 2", "3 value(s)", "4 classes"), "forward", "--ckpt", model, "--input", x, "--label_indices",
				"1,1,0,0;1,0,0", "--out", y);
		refused(y, says("--label_indices", "no foreground class"), "forward", "--ckpt", model, "--input", x, "--label_indices",
				"1,0,0,0;1,0,0,0", "--out", y);
		refused(y, says("--label_indices", "same active classes"), "forward", "--ckpt", model, "--input", x, "--label_indices",
				"1,1,0,0;0,1,1,0", "--out", y);
		refused(y, says("--label_indices", "'x' is not 0 or 1"), "forward", "--ckpt", model, "--input", x, "--label_indices",
				"1,x,0,0;1,0,0,1", "--out", y);
	}

	@Test
	void badForwardFlags() throws IOException {
		Path y = dir.resolve("y.npz");
		refused(y, says("--device", "'tpu'"), "forward", "--ckpt", model, "--input", x, "--device", "tpu", "--out", y);
		refused(y, says("--mode_loss"), "forward", "--ckpt", model, "--input", x, "--mode_loss", "meta", "--out", y);
		refused(y, says("unknown flag --batch"), "forward", "--ckpt", model, "--input", x, "--batch", "2", "--out", y);
		refused(y, says("missing required flag --ckpt"), "forward", "--input", x, "--out", y);
		refused(null, says("--out", "also an input"), "forward", "--ckpt", model, "--input", x, "--out", x);
		refused(y, says("no such file", "none.punet"), "forward", "--ckpt", dir.resolve("none.punet"), "--input", x, "--out", y);
		Path text = Files.writeString(dir.resolve("text.punet"), "hello");
		refused(y, says("text.punet", "not a .punet model file"), "forward", "--ckpt", text, "--input", x, "--out", y);
	}

	@Test
	void convertRefusesWeightsThatDoNotFit() throws IOException {
		Path m = dir.resolve("misfit.punet");
		refused(m, says("tiny-2d-adapter-fixed.npz", "does not fit this network configuration"), "convert", "--weights",
				Fixtures.DIR.resolve("tiny-2d-adapter-fixed.npz"), "--config", Fixtures.DIR.resolve("tiny-2d.json"), "--out", m);
		Path bad = Files.writeString(dir.resolve("bad.json"), "{\"hidden_channels\": [8, 16");
		refused(m, says("--config", "bad.json", "invalid JSON"), "convert", "--weights", Fixtures.DIR.resolve("tiny-2d.npz"), "--config",
				bad, "--out", m);
		Path heads = Files.writeString(dir.resolve("heads.json"), "{\"attention_heads\": 3}");
		refused(m, says("heads.json", "attention_heads"), "convert", "--weights", Fixtures.DIR.resolve("tiny-2d.npz"), "--config", heads,
				"--out", m);
		Path names = Files.writeString(dir.resolve("names.json"), "{\"7\": \"liver\"}");
		refused(m, says("names.json", "class index 7"), "convert", "--weights", Fixtures.DIR.resolve("tiny-2d.npz"), "--config",
				Fixtures.DIR.resolve("tiny-2d.json"), "--classes", names, "--out", m);
		refused(m, says("no such file", "none.npz"), "convert", "--weights", dir.resolve("none.npz"), "--config",
				Fixtures.DIR.resolve("tiny-2d.json"), "--out", m);
	}

	@Test
	void failedWritesLeaveNoPartialOutput() throws IOException {
		Path file = Files.writeString(dir.resolve("a-file"), "x");
		refused(null, says("cannot write", "a-file"), "convert", "--weights", Fixtures.DIR.resolve("tiny-2d.npz"), "--config",
				Fixtures.DIR.resolve("tiny-2d.json"), "--out", file.resolve("m.punet"));
		refused(null, says("--out", "is a file"), "export", "--ckpt", model, "--out", file);
		refused(null, says("cannot write", "a-file"), "export", "--ckpt", model, "--out", file.resolve("sub"));
		Path y = file.resolve("y.npz");
		refused(null, says("cannot write"), "forward", "--ckpt", model, "--input", x, "--out", y);
		try (Stream<Path> files = Files.list(dir)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
		}
		assertEquals("x", Files.readString(file));
	}
}
