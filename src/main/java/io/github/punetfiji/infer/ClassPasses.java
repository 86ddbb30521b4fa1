package io.github.punetfiji.infer;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.NetworkConfig;
import io.github.punetfiji.model.PunetConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Which classes each network pass activates, and how its output channels map back to classes.
 *
 * <p>The prompting head was trained with at most {@code label_indices_max_active} foreground classes
 * active at once (1 by default: background against one organ, with its own background tokens). As in the
 * reference's {@code test_step}, a larger request is split into passes of that many foreground classes;
 * the last pass is filled up with the first requested classes, so all passes have the same number K of
 * active classes and can share a batch. NB: the reference fills up with random classes; this is the
 * deterministic version. Pass p's channel k is its k-th active class in ascending order (background
 * first). Each requested class is <em>owned</em> by the one pass it was assigned to; that pass's
 * probability of it is the one reported (see {@link SlabAccumulator}).
 *
 * <p>The fixed head ({@code fixed_output}) predicts either every class ({@code label_indices_max_active
 * ≤ 0}: one pass, channel = class index) or a fixed set of {@code max_active} classes (the config's
 * downstream or base classes, which must then be exactly the request).
 */
public final class ClassPasses {
	private final int outChannels;
	private final int[] classes;
	private final int[][] active;
	private final int[][] owned;
	private final int[][] channels;
	private final int denseChannels;

	private ClassPasses(int outChannels, int[] classes, int[][] active, int[][] owned, int[][] channels, int denseChannels) {
		this.outChannels = outChannels;
		this.classes = classes;
		this.active = active;
		this.owned = owned;
		this.channels = channels;
		this.denseChannels = denseChannels;
	}

	/** The foreground classes the reference tests by default: downstream active classes, else the base classes. */
	public static int[] defaultClasses(PunetConfig config) {
		return config.downstream() ? NetworkConfig.of(config).labelIndicesDownstreamActive() : NetworkConfig.of(config).labelIndicesBase();
	}

	/**
	 * Plans the passes for a request.
	 *
	 * @param foreground foreground class indices {@code 1 … out_channels-1} (order and duplicates ignored)
	 * @throws PunetException for an empty request, background or out-of-range classes
	 */
	public static ClassPasses plan(PunetConfig config, int[] foreground) {
		int n = config.outChannels();
		TreeSet<Integer> set = new TreeSet<>();
		for (int c : foreground) {
			if (c < 1 || c >= n)
				throw new PunetException("class " + c + " is not a foreground class of the model; expected 1 … " + (n - 1));
			set.add(c);
		}
		if (set.isEmpty()) throw new PunetException("no classes to segment; give at least one foreground class");
		int[] fg = set.stream().mapToInt(Integer::intValue).toArray();
		int[] classes = withBackground(fg);
		int maxActive = NetworkConfig.of(config).labelIndicesMaxActive();
		if (config.fixedOutput()) {
			if (maxActive <= 0) return new ClassPasses(n, classes, new int[][] {classes}, new int[][] {fg}, new int[][] {classes}, n);
			int[] head = set(defaultClasses(config));
			if (!Arrays.equals(head, fg) || head.length != maxActive) {
				throw new PunetException(
						"this model's fixed head predicts classes " + Arrays.toString(head) + " only; segment exactly those");
			}
			return new ClassPasses(n, classes, new int[][] {classes}, new int[][] {fg}, new int[][] {identity(classes.length)},
					maxActive + 1);
		}
		int group = maxActive > 0 ? Math.min(maxActive, fg.length) : fg.length;
		int passes = (fg.length + group - 1) / group;
		int[][] active = new int[passes][];
		int[][] owned = new int[passes][];
		int[][] channels = new int[passes][];
		for (int p = 0; p < passes; p++) {
			owned[p] = Arrays.copyOfRange(fg, p * group, Math.min(fg.length, (p + 1) * group));
			TreeSet<Integer> a = new TreeSet<>();
			for (int c : owned[p]) a.add(c);
			for (int k = 0; a.size() < group; k++) a.add(fg[k]); // fill the last pass up
			active[p] = withBackground(a.stream().mapToInt(Integer::intValue).toArray());
			channels[p] = identity(group + 1);
		}
		return new ClassPasses(n, classes, active, owned, channels, group + 1);
	}

	private static int[] set(int[] xs) {
		return Arrays.stream(xs).distinct().sorted().toArray();
	}

	private static int[] withBackground(int[] fg) {
		int[] c = new int[fg.length + 1];
		System.arraycopy(fg, 0, c, 1, fg.length);
		return c;
	}

	private static int[] identity(int k) {
		int[] c = new int[k];
		for (int i = 0; i < k; i++) c[i] = i;
		return c;
	}

	/** The output classes, ascending, background (0) first. */
	public int[] classes() {
		return classes.clone();
	}

	public int passes() {
		return active.length;
	}

	/** K: active classes per pass, background included. */
	public int k() {
		return active[0].length;
	}

	/** The active classes of pass p, ascending (K values, background first). */
	public int[] active(int p) {
		return active[p].clone();
	}

	/** The foreground classes pass p reports. */
	public int[] owned(int p) {
		return owned[p].clone();
	}

	/** For pass p, the channel of the network's dense output holding its k-th active class. */
	public int[] channels(int p) {
		return channels[p].clone();
	}

	/** The number of channels the network's dense output has. */
	public int denseChannels() {
		return denseChannels;
	}

	/** The network's {@code label_indices} row of pass p: 1 for its active classes. */
	public int[] labelIndices(int p) {
		int[] li = new int[outChannels];
		for (int c : active[p]) li[c] = 1;
		return li;
	}

	@Override
	public String toString() {
		List<String> s = new ArrayList<>();
		for (int p = 0; p < active.length; p++) s.add(Arrays.toString(active[p]) + "→" + Arrays.toString(owned[p]));
		return "ClassPasses" + s;
	}
}
