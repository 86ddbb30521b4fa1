package io.github.punetfiji.cli.bench;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.train.views.ViewSettings;
import java.util.List;

/**
 * What {@link Bench} measures and for how long.
 *
 * @param presets the presets, in order (each one of {@link PunetConfig#PRESETS})
 * @param quick few iterations and small inputs (a smoke run, not a measurement to quote)
 * @param batchSize training batch size (the loop needs a multiple of the crops per subject draw, 2)
 * @param secondsPerPreset wall-clock budget of one preset; measurements that would exceed it are
 *     shortened or skipped, and the JSON says so
 * @param seed seed of the synthetic data, the initial weights and the training loop
 * @param device the device the runtime flags chose ({@code cpu} or {@code gpu}), for the report; null until known
 * @param volumes the sizes {@code [x, y, z]} of the volume sweep ({@code --volumes}, {@link VolumeSweep}); empty = no sweep
 */
public record BenchSettings(List<String> presets, boolean quick, int batchSize, double secondsPerPreset, long seed, String device,
		List<int[]> volumes) {
	/** The presets of a run without {@code --presets}. */
	public static final List<String> DEFAULT_PRESETS = List.of("small", "2d", "3d_aniso");

	public BenchSettings(List<String> presets, boolean quick, int batchSize, double secondsPerPreset, long seed, String device) {
		this(presets, quick, batchSize, secondsPerPreset, seed, device, List.of());
	}

	public BenchSettings {
		presets = List.copyOf(presets);
		volumes = volumes == null ? List.of() : List.copyOf(volumes);
		if (presets.isEmpty() && volumes.isEmpty())
			throw new PunetException("--presets: give at least one of " + String.join("|", PunetConfig.PRESETS));
		for (String p : presets) {
			if (!PunetConfig.PRESETS.contains(p))
				throw new PunetException("--presets: unknown preset '" + p + "'; expected a comma-separated list of "
						+ String.join("|", PunetConfig.PRESETS));
		}
		if (presets.stream().distinct().count() < presets.size())
			throw new PunetException("--presets: a preset is listed twice: " + String.join(",", presets));
		int perDraw = ViewSettings.NUM_SAMPLES * ViewSettings.NUM_TRANSFORMS;
		if (batchSize < 1 || batchSize % perDraw != 0)
			throw new PunetException(
					"--batch_size must be a positive multiple of " + perDraw + " (crops per subject draw), got " + batchSize);
		if (!(secondsPerPreset > 0)) throw new PunetException("--time_limit must be a positive number of seconds, got " + secondsPerPreset);
	}

	/** The same settings for another device. */
	public BenchSettings withDevice(String d) {
		return new BenchSettings(presets, quick, batchSize, secondsPerPreset, seed, d, volumes);
	}

	/** The sizes of the volume sweep that {@code --volumes} names: {@code full}, {@code quick} or {@code XxYxZ} items. */
	public static List<int[]> volumes(List<String> items) {
		return VolumeSweep.parse(items);
	}

	/** Default budget per preset in seconds: 150 for a full run, 20 with {@code --quick}. */
	public static double defaultSeconds(boolean quick) {
		return quick ? 20 : 150;
	}

	/** Timed forwards of one window after {@link #warmup()} untimed ones (fewer when the budget is short). */
	public int forwardIterations() {
		return quick ? 3 : 10;
	}

	/** Untimed first iterations (JIT, allocator, libtorch kernel selection). */
	public int warmup() {
		return 1;
	}

	/** Timed training steps after {@link #warmup()} untimed ones (fewer when the budget is short). */
	public int trainingSteps() {
		return quick ? 1 : 5;
	}

	/**
	 * The synthetic volume of the inference measurement, {@code [x, y, z]}, never smaller than the window:
	 * 256×256×8 for 2D windows and 128×128×32 for 3D ones (quick: 96×96×2 and 64×64×16).
	 */
	public int[] inferenceVolume(int[] window) {
		boolean flat = window[2] == 1;
		int[] v = quick
				? (flat ? new int[] {96, 96, 2} : new int[] {64, 64, 16})
				: (flat ? new int[] {256, 256, 8} : new int[] {128, 128, 32});
		for (int a = 0; a < 3; a++) v[a] = Math.max(v[a], window[a]);
		return v;
	}
}
