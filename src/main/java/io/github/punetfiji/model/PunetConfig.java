package io.github.punetfiji.model;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The network and training hyper-parameters, under the reference's argparse names (so a reference
 * namespace dumped as JSON loads as is, and a config saved here rebuilds the reference network).
 * Immutable: {@link #with} returns a copy. Defaults are the reference defaults (the {@code 2d} preset
 * with 9 output channels); {@link #preset} gives the reference's presets (README, "Command line") plus {@code small} and
 * {@code tiny}.
 */
public final class PunetConfig {
	/** Preset names. */
	public static final List<String> PRESETS = List.of("2d", "3d_flat", "3d_aniso", "3d_large", "small", "tiny");

	private static final Map<String, Object> DEFAULTS = loadDefaults();
	private final Map<String, Object> values;

	private PunetConfig(Map<String, Object> values) {
		this.values = Collections.unmodifiableMap(new TreeMap<>(values));
	}

	private static Map<String, Object> loadDefaults() {
		try (InputStream in = PunetConfig.class.getResourceAsStream("reference-defaults.json")) {
			return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException | NullPointerException e) {
			throw new IllegalStateException("reference-defaults.json missing from the plugin jar", e);
		}
	}

	/** The reference defaults. */
	public static PunetConfig defaults() {
		return new PunetConfig(DEFAULTS);
	}

	/**
	 * A config from a reference namespace (or a saved model.json {@code config}); keys not given take
	 * the reference defaults, unknown keys are kept (they may be training options of a newer reference).
	 */
	public static PunetConfig fromMap(Map<String, Object> map) {
		Map<String, Object> v = new LinkedHashMap<>(DEFAULTS);
		v.putAll(map);
		return new PunetConfig(v).validate();
	}

	/** One of {@link #PRESETS}. */
	public static PunetConfig preset(String name) {
		Map<String, Object> v = new LinkedHashMap<>(DEFAULTS);
		switch (name) {
			case "2d":
				break;
			case "3d_flat":
				patches(v, new int[][] {{112, 112, 4}, {80, 80, 4}}, new int[] {128, 128, 4}, new int[] {6, 6, 2});
				break;
			case "3d_aniso":
				patches(v, new int[][] {{56, 56, 8}, {40, 40, 8}}, new int[] {64, 64, 8}, new int[] {4, 4, 4});
				break;
			case "3d_large":
				patches(v, new int[][] {{112, 112, 8}, {80, 80, 8}}, new int[] {128, 128, 8}, new int[] {6, 6, 4});
				break;
			case "small":
				// NB: a 2D network about 1/8 of the default width, for CPU demos and laptops.
				patches(v, new int[][] {{96, 96, 1}, {80, 80, 1}}, new int[] {112, 112, 1}, new int[] {8, 8, 1});
				v.put("hidden_channels", list(16, 32, 48, 64, 96));
				v.put("instruction_channels", 16L);
				v.put("attention_heads", 4L);
				// NB: 4 tokens per class keep prompt tuning of one class under 1 % of the parameters (0.91 %; 8 gave 1.67 %)
				v.put("tokens_per_instruction", 4L);
				break;
			case "tiny":
				// NB: the tiny-2d parity fixture's network: for tests.
				patches(v, new int[][] {{32, 32, 1}, {24, 24, 1}}, new int[] {40, 40, 1}, new int[] {4, 4, 1});
				v.put("hidden_channels", list(8, 16, 24, 32, 40));
				v.put("instruction_channels", 8L);
				v.put("attention_heads", 2L);
				v.put("tokens_per_instruction", 4L);
				v.put("instruction_pool_size", 4L);
				v.put("out_channels", 4L);
				break;
			default:
				throw new PunetException("unknown preset '" + name + "'; expected one of " + String.join("|", PRESETS));
		}
		v.put("preset", name);
		return new PunetConfig(v).validate();
	}

	private static void patches(Map<String, Object> v, int[][] students, int[] teacher, int[] window) {
		List<Object> s = new ArrayList<>();
		for (int[] p : students) s.add(list(p));
		v.put("patch_size_students", s);
		v.put("patch_size_teacher", list(teacher));
		v.put("attn_window_size", list(window));
	}

	private static List<Object> list(int... xs) {
		List<Object> l = new ArrayList<>();
		for (int x : xs) l.add((long) x);
		return l;
	}

	/**
	 * A copy with one value replaced (value: Number, Boolean, String, int[] or List). Not validated, so
	 * that several related values can be changed in a row: the network validates on construction.
	 */
	public PunetConfig with(String key, Object value) {
		Map<String, Object> v = new LinkedHashMap<>(values);
		v.put(key,
				value instanceof int[] ? list((int[]) value) : value instanceof Integer ? (Object) ((Integer) value).longValue() : value);
		return new PunetConfig(v);
	}

	public Map<String, Object> asMap() {
		return values;
	}

	public String toJson() {
		return Json.writePretty(values, 1);
	}

	public boolean has(String key) {
		return values.containsKey(key);
	}

	private Object raw(String key) {
		if (!values.containsKey(key)) throw new PunetException("config has no value for '" + key + "'");
		return values.get(key);
	}

	public int i(String key) {
		Object o = raw(key);
		if (o instanceof Number) return exactInt(key, (Number) o);
		throw new PunetException("config '" + key + "' must be an integer, got " + o);
	}

	/** A whole number within int's range, or a message naming the key (a model.json is input: never truncate silently). */
	private static int exactInt(String key, Number n) {
		double d = n.doubleValue();
		if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE)
			throw new PunetException("config '" + key + "' must be an integer, got " + n);
		return n.intValue();
	}

	public double d(String key) {
		Object o = raw(key);
		if (o instanceof Number) return ((Number) o).doubleValue();
		throw new PunetException("config '" + key + "' must be a number, got " + o);
	}

	public boolean b(String key) {
		Object o = raw(key);
		if (o instanceof Boolean) return (Boolean) o;
		if (o instanceof Number) return ((Number) o).intValue() != 0;
		throw new PunetException("config '" + key + "' must be true or false, got " + o);
	}

	public String s(String key) {
		Object o = raw(key);
		return o == null ? null : o.toString();
	}

	public int[] ints(String key) {
		Object o = raw(key);
		if (!(o instanceof List)) throw new PunetException("config '" + key + "' must be a list of integers, got " + o);
		List<?> l = (List<?>) o;
		int[] out = new int[l.size()];
		for (int k = 0; k < out.length; k++) {
			if (!(l.get(k) instanceof Number)) throw new PunetException("config '" + key + "' must be a list of integers, got " + o);
			out[k] = exactInt(key, (Number) l.get(k));
		}
		return out;
	}

	public double[] doubles(String key) {
		List<?> l = (List<?>) raw(key);
		double[] out = new double[l.size()];
		for (int k = 0; k < out.length; k++) out[k] = ((Number) l.get(k)).doubleValue();
		return out;
	}

	public int[][] intLists(String key) {
		List<?> l = (List<?>) raw(key);
		int[][] out = new int[l.size()][];
		for (int k = 0; k < out.length; k++) {
			if (!(l.get(k) instanceof List)) throw new PunetException("config '" + key + "' must be a list of integer lists, got " + l);
			List<?> r = (List<?>) l.get(k);
			out[k] = new int[r.size()];
			for (int j = 0; j < r.size(); j++) {
				if (!(r.get(j) instanceof Number))
					throw new PunetException("config '" + key + "' must be a list of integer lists, got " + l);
				out[k][j] = exactInt(key, (Number) r.get(j));
			}
		}
		return out;
	}

	// ---- typed accessors for the network -------------------------------------------------------

	public int inChannels() { return i("in_channels"); }

	public int outChannels() { return i("out_channels"); }

	public int[] hiddenChannels() { return ints("hidden_channels"); }

	public int promptChannels() { return i("instruction_channels"); }

	public int heads() { return i("attention_heads"); }

	public int[] window() { return ints("attn_window_size"); }

	public int tokensPerPrompt() { return i("tokens_per_instruction"); }

	/** {@code label_indices_base}: the classes pre-training supervised (none when the file does not say). */
	public int[] labelIndicesBase() {
		return has("label_indices_base") ? ints("label_indices_base") : new int[0];
	}

	public int poolSize() { return i("instruction_pool_size"); }

	public int depthCnn() { return i("depth_cnn_encoder"); }

	public int depthEncoder() { return i("depth_sia_encoder"); }

	public int depthDecoder() { return i("depth_sia_decoder"); }

	public boolean fixedOutput() { return b("fixed_output"); }

	public String promptingVariant() { return s("prompting_variant").toLowerCase(); }

	public String adaptationVariant() { return s("adaptation_variant").toLowerCase(); }

	public boolean downstream() { return b("downstream"); }

	public int[][] patchSizeStudents() { return intLists("patch_size_students"); }

	public int[] patchSizeTeacher() { return ints("patch_size_teacher"); }

	public String presetName() { return has("preset") ? s("preset") : null; }

	/** The top-level {@code separate_background}: only for a single class without background tokens. */
	public boolean separateBackgroundTopLevel() {
		return b("separate_background") && i("label_indices_max_active") + 1 < 2;
	}

	public int tokensPerPromptCombined() {
		return separateBackgroundTopLevel() ? 2 * tokensPerPrompt() : tokensPerPrompt();
	}

	/** Whether the attention blocks get no prompts (noninstructed training/downstream). */
	public boolean noninstructedAttention() {
		return (b("noninstructed_attention") && !downstream()) || (b("noninstructed_attention_downstream") && downstream());
	}

	/** Checks the reference's constructor asserts, with messages a user can act on. */
	public PunetConfig validate() {
		// NB: ranges first: a model.json is input, and a network of 8,000 channels or 100,000² patches would take
		// gigabytes before any other check could refuse it
		range("depth_sia_encoder", depthEncoder(), 1, 8);
		range("depth_cnn_encoder", depthCnn(), 0, 8);
		range("in_channels", inChannels(), 1, 16);
		range("out_channels", outChannels(), 1, 255);
		range("instruction_pool_size", poolSize(), 1, 255);
		range("attention_heads", heads(), 1, 64);
		range("tokens_per_instruction", tokensPerPrompt(), 1, 256);
		for (int c : hiddenChannels()) range("hidden_channels", c, 1, 2048);
		for (int[] p : patchSizeStudents()) for (int x : p) range("patch_size_students", x, 1, 1024);
		for (int x : patchSizeTeacher()) range("patch_size_teacher", x, 1, 1024);
		for (int x : window()) range("attn_window_size", x, 1, 64);
		int[] hc = hiddenChannels();
		if (hc.length < depthEncoder())
			throw new PunetException("hidden_channels has " + hc.length + " entries but depth_sia_encoder is " + depthEncoder());
		if (depthDecoder() != depthEncoder() - 1) {
			throw new PunetException(
					"depth_sia_decoder must be depth_sia_encoder - 1 (" + (depthEncoder() - 1) + "), got " + depthDecoder());
		}
		if (poolSize() < outChannels())
			throw new PunetException("instruction_pool_size (" + poolSize() + ") must be at least out_channels (" + outChannels() + ")");
		if (promptChannels() != hc[0])
			throw new PunetException("instruction_channels (" + promptChannels() + ") must equal hidden_channels[0] (" + hc[0] + ")");
		for (int c : hc) {
			if (c % heads() != 0) throw new PunetException("hidden channels " + c + " are not divisible by attention_heads " + heads());
		}
		boolean prompting = adaptationVariant().contains("prompting");
		if (prompting && fixedOutput())
			throw new PunetException("adaptation_variant '" + adaptationVariant() + "' needs fixed_output false");
		if (!prompting && !fixedOutput())
			throw new PunetException("adaptation_variant '" + adaptationVariant() + "' needs fixed_output true (--fixed_output)");
		if (!List.of("prompting", "fixed", "decoder", "bias", "adapter", "bias_prompting").contains(adaptationVariant())) {
			throw new PunetException("unknown adaptation_variant '" + adaptationVariant() + "'");
		}
		if (!List.of("start", "end", "encoder", "decoder", "full").contains(promptingVariant())) {
			throw new PunetException("unknown prompting_variant '" + promptingVariant() + "'");
		}
		if (window().length != 3) throw new PunetException("attn_window_size needs 3 values, got " + window().length);
		List<int[]> sizes = new ArrayList<>(List.of(patchSizeStudents()));
		sizes.add(patchSizeTeacher());
		for (int[] p : sizes) {
			for (int x : p) {
				if (x % 2 != 0 && x != 1) throw new PunetException("patch sizes must be even or 1, got " + x);
			}
		}
		if (b("mean_aggregation") && b("top_k_selection"))
			throw new PunetException("mean_aggregation and top_k_selection exclude each other");
		return this;
	}

	private static void range(String key, int value, int min, int max) {
		if (value < min || value > max)
			throw new PunetException(key + " " + value + " is outside the supported range [" + min + ", " + max + "]");
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof PunetConfig && ((PunetConfig) o).values.equals(values);
	}

	@Override
	public int hashCode() {
		return values.hashCode();
	}
}
