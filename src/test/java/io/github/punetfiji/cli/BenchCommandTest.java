package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./punet bench} prints one JSON document with the expected blocks (no timing assertions). */
class BenchCommandTest {
	@Test
	@SuppressWarnings("unchecked")
	void quickTinyPrintsOneJsonDocument() {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int rc = Main.run(new String[] {"bench", "--quick", "--presets", "tiny", "--time_limit", "10"},
				new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(0, rc, e.toString(StandardCharsets.UTF_8));
		Map<String, Object> report = Json.parseObject(o.toString(StandardCharsets.UTF_8));
		assertEquals(true, report.get("quick"));
		Map<String, Object> env = (Map<String, Object>) report.get("environment");
		for (String k : List.of("cpu", "cores", "torch_threads", "djl", "engine_version", "device")) assertTrue(env.containsKey(k), k);
		Map<String, Object> tiny = (Map<String, Object>) ((Map<String, Object>) report.get("presets")).get("tiny");
		for (String k : List.of("parameters", "forward", "inference", "training", "memory")) assertTrue(tiny.containsKey(k), k);
		Map<String, Object> params = (Map<String, Object>) tiny.get("parameters");
		long total = ((Number) params.get("total")).longValue();
		assertEquals(total, ((Number) params.get("body")).longValue() + ((Number) params.get("instruction")).longValue());
		long oneClass = ((Number) params.get("prompt_one_class")).longValue();
		assertTrue(oneClass > 0 && oneClass <= ((Number) params.get("prompt_tuning_trainable")).longValue(), params.toString());
		assertTrue(((Map<String, Object>) tiny.get("forward")).containsKey("ms_median"));
		Map<String, Object> mem = (Map<String, Object>) tiny.get("memory");
		for (String k : List.of("heap_peak_mib", "rss_before_mib", "rss_after_mib", "rss_peak_mib")) assertTrue(mem.containsKey(k), k);
		// each measurement either has its numbers or says why not
		assertTrue(((Map<String, Object>) tiny.get("inference")).containsKey("ms_per_window")
				|| ((Map<String, Object>) tiny.get("inference")).containsKey("skipped"));
		assertTrue(((Map<String, Object>) tiny.get("training")).containsKey("ms_per_step_median")
				|| ((Map<String, Object>) tiny.get("training")).containsKey("skipped"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aVolumeSweepAloneReportsEachSizeWithItsPeakMemory() {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int rc = Main.run(new String[] {"bench", "--volumes", "224x224x1,256x240x2", "--threads", "1"},
				new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(0, rc, e.toString(StandardCharsets.UTF_8));
		Map<String, Object> report = Json.parseObject(o.toString(StandardCharsets.UTF_8));
		assertTrue(((Map<String, Object>) report.get("presets")).isEmpty(), "no preset without --presets");
		Map<String, Object> sweep = (Map<String, Object>) report.get("volume_sweep");
		List<Object> rows = (List<Object>) sweep.get("volumes");
		assertEquals(2, rows.size());
		Map<String, Object> second = (Map<String, Object>) rows.get(1);
		assertEquals(List.of(256L, 240L, 2L), ((List<Object>) second.get("dims")).stream().map(x -> ((Number) x).longValue())
				.collect(java.util.stream.Collectors.toList()));
		// 256×240 with 224 windows at overlap 0.5: two windows along x, two along y, on each of the two slices
		assertEquals(8, ((Number) second.get("windows")).intValue());
		for (String k : List.of("seconds", "voxels_per_second", "rss_peak_mib", "heap_peak_mib", "ms_per_window"))
			assertTrue(second.containsKey(k), k);
		assertEquals(2, ((List<Object>) sweep.get("seconds_per_megavoxel")).size());
	}

	@Test
	void badVolumesExitWithStatus2() {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8), err = new PrintStream(e, true, StandardCharsets.UTF_8);
		assertEquals(2, Main.run(new String[] {"bench", "--volumes", "512x512"}, out, err));
		assertEquals(2, Main.run(new String[] {"bench", "--volumes", "0x10x10"}, out, err));
		assertEquals(2, Main.run(new String[] {"bench", "--volumes", "5000x5000x5000"}, out, err));
		String msg = e.toString(StandardCharsets.UTF_8);
		assertTrue(msg.startsWith("punet: error: --volumes: '512x512' is not a size XxYxZ"), msg);
		assertEquals("", o.toString(StandardCharsets.UTF_8));
	}

	@Test
	void badPresetsExitWithStatus2() {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8), err = new PrintStream(e, true, StandardCharsets.UTF_8);
		assertEquals(2, Main.run(new String[] {"bench", "--quick", "--presets", "tiny,huge"}, out, err));
		assertEquals(2, Main.run(new String[] {"bench", "--presets", "tiny,tiny"}, out, err));
		assertEquals(2, Main.run(new String[] {"bench", "--batch_size", "3"}, out, err));
		assertEquals(2, Main.run(new String[] {"bench", "--bogus"}, out, err));
		String msg = e.toString(StandardCharsets.UTF_8);
		assertTrue(msg.startsWith("punet: error: --presets: unknown preset 'huge'"), msg);
		assertEquals("", o.toString(StandardCharsets.UTF_8), "nothing on stdout after an error");
	}
}
