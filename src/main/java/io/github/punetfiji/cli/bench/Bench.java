package io.github.punetfiji.cli.bench;

import io.github.punetfiji.model.runtime.TorchRuntime;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.infer.ClassPasses;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The benchmark runner behind {@code ./punet bench}: per preset, parameter counts, the forward time of
 * one teacher-size window ({@link ForwardTiming}), sliding-window inference ({@link InferenceTiming}),
 * the real training loop ({@link TrainingTiming}) and memory ({@link Memory}); plus the machine
 * ({@link Environment}); on request, how segmentation scales with the volume ({@link VolumeSweep}). Everything runs on
 * randomly initialised networks and synthetic data. Each
 * preset has a wall-clock budget; a measurement that would exceed it is shortened or skipped, and its
 * JSON block says so ({@code note}, {@code skipped}). Not a test: timings depend on the machine and its load.
 */
public final class Bench {
	private Bench() {}

	/**
	 * Runs the benchmark.
	 *
	 * @param progress receives one line per phase (for stderr)
	 * @return the report as nested maps, lists and numbers, ready for {@link io.github.punetfiji.io.Json}
	 */
	public static Map<String, Object> run(BenchSettings s, Consumer<String> progress) {
		long t0 = System.nanoTime();
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("benchmark", "punet bench");
		r.put("quick", s.quick());
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("presets", s.presets());
		settings.put("batch_size", s.batchSize());
		settings.put("time_limit_s_per_preset", s.secondsPerPreset());
		settings.put("seed", s.seed());
		settings.put("forward_iterations", s.forwardIterations());
		settings.put("training_steps", s.trainingSteps());
		settings.put("warmup", s.warmup());
		settings.put("volumes", s.volumes());
		r.put("settings", settings);
		Map<String, Object> env = Environment.describe(s.device());
		r.put("environment", env);
		String warning = Environment.loadWarning((Double) env.get("load_average_at_start"));
		if (warning != null) {
			r.put("warning", warning);
			progress.accept("bench: warning: " + warning);
		}
		Map<String, Object> presets = new LinkedHashMap<>();
		r.put("presets", presets);
		for (String p : s.presets()) {
			progress.accept("bench: preset " + p);
			presets.put(p, preset(p, s, progress));
		}
		if (!s.volumes().isEmpty()) {
			progress.accept("bench: volume sweep");
			r.put("volume_sweep", VolumeSweep.run(s.volumes(), s.seed(), progress));
		}
		r.put("load_average_at_end", Environment.loadAverage());
		r.put("total_s", Stats.round((System.nanoTime() - t0) / 1e9));
		return r;
	}

	private static Map<String, Object> preset(String name, BenchSettings s, Consumer<String> progress) {
		long t0 = System.nanoTime();
		System.gc();
		boolean rssReset = Memory.resetPeaks();
		long rssBefore = Memory.rss();
		Budget budget = Budget.seconds(s.secondsPerPreset());
		PunetConfig c = PunetConfig.preset(name);
		Map<String, Object> r = new LinkedHashMap<>();
		TorchRuntime.engine().setRandomSeed((int) s.seed());
		PunetNetwork net = new PunetNetwork(c);
		int k = ClassPasses.defaultClasses(c).length > 0 ? ClassPasses.defaultClasses(c)[0] : 1;
		r.put("parameters", Parameters.count(net, k));
		double forwardMs;
		try (NDManager m = NDManager.newBaseManager()) {
			net.initializeParameters(m);
			int[] li = ClassPasses.plan(c, new int[] {k}).labelIndices(0);
			progress.accept("bench: " + name + ": forward of one " + str(c.patchSizeTeacher()) + " window");
			ForwardTiming.Result f = ForwardTiming.measure(net, m, c.patchSizeTeacher(), li, s.warmup(), s.forwardIterations(),
					budget.share(0.2), s.seed());
			r.put("forward", f.json());
			forwardMs = f.medianMs();
			progress.accept("bench: " + name + ": sliding-window inference");
			r.put("inference", InferenceTiming.measure(net, m, s, forwardMs, budget.share(0.4)));
		}
		progress.accept("bench: " + name + ": training steps");
		Path tmp = null;
		try {
			tmp = Files.createTempDirectory("punet-bench-");
			r.put("training", TrainingTiming.measure(name, s, forwardMs, budget, tmp, progress));
		} catch (IOException e) {
			throw new PunetException("cannot create a temporary folder for the training data: " + e.getMessage(), e);
		} finally {
			if (tmp != null) delete(tmp);
		}
		Map<String, Object> mem = new LinkedHashMap<>();
		mem.put("heap_peak_mib", Stats.mib(Memory.heapPeak()));
		mem.put("rss_before_mib", Stats.mibOrNull(rssBefore));
		mem.put("rss_after_mib", Stats.mibOrNull(Memory.rss()));
		long peak = Memory.rssPeak();
		mem.put("rss_peak_mib", Stats.mibOrNull(peak));
		// NB: freed native memory often stays with the process (allocator caches), so a later preset's
		// peak includes what earlier ones left behind; the growth over rss_before is the preset's own part.
		mem.put("rss_peak_growth_mib", peak < 0 || rssBefore < 0 ? null : Stats.mib(peak - rssBefore));
		mem.put("rss_peak_scope", rssReset ? "preset" : "process");
		r.put("memory", mem);
		r.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
		return r;
	}

	private static String str(int[] w) {
		return w[0] + "×" + w[1] + "×" + w[2];
	}

	private static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		} catch (IOException | UncheckedIOException e) {
			// a leftover temporary folder is harmless
		}
	}
}
