package io.github.punetfiji.cli.bench;

import io.github.punetfiji.CancelledException;
import io.github.punetfiji.Progress;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.data.synth.SyntheticAbdomen;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.train.Trainer;
import io.github.punetfiji.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Milliseconds per step of the real phase-1 training loop ({@link Trainer}, loss {@code meta_self}: EMA
 * teacher, two student views, focal segmentation and CPA losses, AdamW) on two synthetic subjects
 * written to a temporary folder. A step's time is the interval between two consecutive training events,
 * so it covers view generation, forwards, backward and optimizer step; the first step (with data
 * loading and model set-up) is reported apart. The run is cancelled once the steps are timed or the time
 * limit is near, so it writes no model.
 */
final class TrainingTiming {
	/** Forward-equivalents of one training step per sample (teacher forward, two students forward and backward). */
	private static final double FORWARDS_PER_SAMPLE = 6;

	private TrainingTiming() {}

	/**
	 * @param forwardMs the median teacher-size forward, for the estimate that decides whether to try
	 * @param tmp an empty folder for the data (the caller deletes it)
	 */
	static Map<String, Object> measure(String preset, BenchSettings s, double forwardMs, Budget budget, Path tmp,
			Consumer<String> progress) {
		PunetConfig c = PunetConfig.preset(preset);
		int[] t = c.patchSizeTeacher();
		int[] dims = {Math.max(t[0], 32), Math.max(t[1], 32), Math.max(2 * t[2], 4)};
		TrainingOptions o = new TrainingOptions();
		o.preset = preset;
		o.dirImages = tmp.resolve("data/images");
		o.dirMasks = tmp.resolve("data/labels");
		o.out = tmp.resolve("out");
		o.batchSize = s.batchSize();
		o.seed = s.seed();
		o.loss = "meta_self";
		o.overrides.put("label_indices_base", List.of(1L, 2L, 3L));
		int target = s.warmup() + s.trainingSteps();
		o.maxSteps = target + 1; // NB: cancelled before the last step, so nothing is written
		o.command = "punet bench";

		Map<String, Object> m = new LinkedHashMap<>();
		m.put("loss", o.loss);
		m.put("batch_size", o.batchSize);
		m.put("student_views", c.patchSizeStudents());
		m.put("teacher_view", t);
		m.put("subjects", 2);
		m.put("subject_dims", dims);
		m.put("out_channels", SyntheticAbdomen.CLASS_NAMES.size());
		double estimate = FORWARDS_PER_SAMPLE * o.batchSize * forwardMs / 1e3;
		m.put("estimated_s_per_step", Stats.round(estimate));
		if (!budget.fits(2 * estimate)) {
			m.put("skipped", String.format("a warm-up and one timed step need an estimated %.0f s; %.0f s are left of the time limit",
					2 * estimate, budget.left()));
			return m;
		}
		SampleData.write(tmp.resolve("data"), 2, s.seed(), dims, "punet bench", 1);
		List<Long> stamps = new ArrayList<>();
		long[] cpu = {-1, -1};
		long t0 = System.nanoTime();
		try {
			Trainer.run(o, Progress.steps(e -> {
				stamps.add(System.nanoTime());
				if (stamps.size() == s.warmup()) cpu[0] = Stats.cpuNanos();
				cpu[1] = Stats.cpuNanos();
				progress.accept("bench: " + preset + ": training step " + e.step() + " loss " + String.format("%.4f", e.loss()));
			}, () -> stamps.size() >= target || (!stamps.isEmpty() && !budget.fits(nextStep(stamps, t0)))));
		} catch (CancelledException e) {
			// expected: the loop is stopped once the steps are timed
		}
		List<Double> ms = new ArrayList<>();
		for (int i = s.warmup(); i < stamps.size(); i++) ms.add((stamps.get(i) - stamps.get(i - 1)) / 1e6);
		if (!stamps.isEmpty()) m.put("first_step_ms_including_setup", Stats.round((stamps.get(0) - t0) / 1e6));
		m.put("steps_timed", ms.size());
		if (ms.size() < s.trainingSteps())
			m.put("note", "stopped after " + ms.size() + " of " + s.trainingSteps() + " timed steps: time limit");
		if (ms.isEmpty()) {
			m.put("skipped", "no step after the warm-up fitted the time limit");
			return m;
		}
		m.putAll(Stats.summary("ms_per_step_", ms));
		m.put("cpu_ms_per_step", cpu[0] < 0 || cpu[1] < 0 ? null : Stats.round((cpu[1] - cpu[0]) / 1e6 / ms.size()));
		return m;
	}

	/** Seconds the next step is expected to take: the last one, or half the first (which includes the set-up). */
	private static double nextStep(List<Long> stamps, long t0) {
		int n = stamps.size();
		return n >= 2 ? (stamps.get(n - 1) - stamps.get(n - 2)) / 1e9 : (stamps.get(0) - t0) / 2e9;
	}
}
