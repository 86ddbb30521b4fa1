package io.github.punetfiji.model.file;

import io.github.punetfiji.model.PunetConfig;

import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.ModelMetadataJson;

import io.github.punetfiji.PunetException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a {@code .punet} model file says besides the weights: its {@code model.json}. Immutable;
 * {@link #toBuilder()} and the {@code with*} methods return modified copies.
 *
 * <ul>
 *   <li>{@code config}: every network and training value under the reference's argparse names;
 *   <li>{@code classes}: a name per class index {@code 0 … out_channels-1} (class 0 is background);
 *   <li>{@code label_indices}: for class {@code k}, the voxel value that stands for it in the dataset's
 *       label images (read from masks, written into predicted label images). The identity by default, as
 *       in the reference, whose class indices are the dataset's label values;
 *   <li>{@code intensity}: how raw voxel values were normalised: {@code {"mode": "ct"}} (window
 *       [-1000, 1000] → [-1, 1], the default), {@code "percentile"} (0.5–99.5 % → [-1, 1]) or
 *       {@code "none"}; further keys are kept for the data layer;
 *   <li>{@code spacing}: the voxel spacing trained on (x, y, z), or null when unknown;
 *   <li>{@code trained_prompts}: class indices whose prompt tokens were trained;
 *   <li>{@code trainable}: parameter count and fraction of the last training phase, or null;
 *   <li>{@code provenance}: {@code created}, {@code software}, {@code command}, {@code seed}, {@code steps},
 *       {@code parent} (further keys are kept).
 * </ul>
 *
 * Unknown top-level keys of a loaded {@code model.json} are kept in {@link #extras()} and written back.
 */
public final class ModelMetadata {
	/** The {@code format} value of every model file. */
	public static final String FORMAT = "punet";
	/** The newest {@code format_version} this code reads and the one it writes. */
	public static final int FORMAT_VERSION = 1;
	/** Intensity normalisation modes. */
	public static final List<String> INTENSITY_MODES = List.of("ct", "percentile", "none");

	/** Size of the trainable part of the last training phase. */
	public record Trainable(long count, double fraction) {
		public Trainable {
			if (count < 0 || !(fraction >= 0 && fraction <= 1)) {
				throw new PunetException("trainable needs count >= 0 and fraction in [0, 1], got " + count + ", " + fraction);
			}
		}
	}

	private final String preset;
	private final PunetConfig config;
	private final Map<Integer, String> classes;
	private final int[] labelIndices;
	private final Map<String, Object> intensity;
	private final double[] spacing;
	private final int[] trainedPrompts;
	private final Trainable trainable;
	private final Map<String, Object> provenance;
	private final Map<String, Object> extras;

	private ModelMetadata(Builder b) {
		config = b.config;
		if (config == null) throw new PunetException("model metadata needs a config");
		int k = config.outChannels();
		preset = b.preset;
		Map<Integer, String> names = new TreeMap<>();
		for (int c = 0; c < k; c++) names.put(c, c == 0 ? "background" : "class " + c);
		for (Map.Entry<Integer, String> e : b.classes.entrySet()) {
			if (e.getKey() < 0 || e.getKey() >= k)
				throw new PunetException("class index " + e.getKey() + " is outside 0.." + (k - 1) + " (out_channels " + k + ")");
			if (e.getValue() == null || e.getValue().isBlank()) throw new PunetException("class " + e.getKey() + " needs a non-empty name");
			names.put(e.getKey(), e.getValue());
		}
		classes = Collections.unmodifiableMap(names);
		labelIndices = b.labelIndices != null ? b.labelIndices.clone() : identity(k);
		if (labelIndices.length != k)
			throw new PunetException("label_indices needs " + k + " values (one per class), got " + labelIndices.length);
		if (Arrays.stream(labelIndices).anyMatch(v -> v < 0) || Arrays.stream(labelIndices).distinct().count() != k) {
			throw new PunetException("label_indices must be distinct values >= 0, got " + Arrays.toString(labelIndices));
		}
		Map<String, Object> in = new LinkedHashMap<>(b.intensity);
		Object mode = in.get("mode");
		if (!INTENSITY_MODES.contains(mode))
			throw new PunetException("intensity mode must be one of " + String.join("|", INTENSITY_MODES) + ", got " + mode);
		intensity = Collections.unmodifiableMap(in);
		if (b.spacing != null && (b.spacing.length != 3 || Arrays.stream(b.spacing).anyMatch(s -> !(s > 0) || Double.isInfinite(s)))) {
			throw new PunetException("spacing needs 3 positive values (x, y, z), got " + Arrays.toString(b.spacing));
		}
		spacing = b.spacing == null ? null : b.spacing.clone();
		trainedPrompts = b.trainedPrompts.clone();
		for (int p : trainedPrompts) {
			if (p < 0 || p >= config.poolSize())
				throw new PunetException("trained prompt " + p + " is outside the prompt pool 0.." + (config.poolSize() - 1));
		}
		trainable = b.trainable;
		provenance = Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
		extras = Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
	}

	private static int[] identity(int k) {
		int[] out = new int[k];
		for (int c = 0; c < k; c++) out[c] = c;
		return out;
	}

	/**
	 * Metadata with defaults for a config: preset from the config, names {@code background},
	 * {@code class 1}, …, identity label indices, {@code ct} intensity, unknown spacing, the prompts
	 * the config's phase trains ({@code 0} and {@code label_indices_base}, or
	 * {@code label_indices_downstream_active} downstream; indices beyond the pool left out), and
	 * provenance created now by this software.
	 */
	public static ModelMetadata of(PunetConfig config) {
		return builder(config).build();
	}

	/** A builder holding the defaults of {@link #of}. */
	public static Builder builder(PunetConfig config) {
		Builder b = new Builder();
		b.config = config;
		b.preset = config.presetName();
		List<Integer> prompts = new ArrayList<>();
		if (!config.downstream()) prompts.add(0);
		String key = config.downstream() ? "label_indices_downstream_active" : "label_indices_base";
		if (config.has(key)) {
			for (int p : config.ints(key)) {
				if (p >= 0 && p < config.poolSize() && !prompts.contains(p)) prompts.add(p);
			}
		}
		b.trainedPrompts = prompts.stream().mapToInt(Integer::intValue).sorted().toArray();
		b.provenance.put("created", now());
		b.provenance.put("software", software());
		for (String k : List.of("command", "seed", "steps", "parent")) b.provenance.put(k, null);
		return b;
	}

	/** The current time as ISO-8601 UTC, to the second. */
	public static String now() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
	}

	/** {@code punet-fiji <version>} (the jar's version; {@code dev} when run from classes). */
	public static String software() {
		String v = ModelMetadata.class.getPackage().getImplementationVersion();
		return "punet-fiji " + (v == null ? "dev" : v);
	}

	public Builder toBuilder() {
		Builder b = new Builder();
		b.preset = preset;
		b.config = config;
		b.classes.putAll(classes);
		b.labelIndices = labelIndices.clone();
		b.intensity.clear();
		b.intensity.putAll(intensity);
		b.spacing = spacing == null ? null : spacing.clone();
		b.trainedPrompts = trainedPrompts.clone();
		b.trainable = trainable;
		b.provenance.putAll(provenance);
		b.extras.putAll(extras);
		return b;
	}

	public String preset() { return preset; }

	public PunetConfig config() { return config; }

	/** Class names by class index, every index {@code 0 … out_channels-1}. */
	public Map<Integer, String> classes() { return classes; }

	/** The dataset label value of each class index. */
	public int[] labelIndices() { return labelIndices.clone(); }

	public Map<String, Object> intensity() { return intensity; }

	public String intensityMode() { return (String) intensity.get("mode"); }

	/** Voxel spacing (x, y, z) or null. */
	public double[] spacing() { return spacing == null ? null : spacing.clone(); }

	public int[] trainedPrompts() { return trainedPrompts.clone(); }

	/** Null when unknown (e.g. a converted reference checkpoint). */
	public Trainable trainable() { return trainable; }

	public Map<String, Object> provenance() { return provenance; }

	/** Top-level {@code model.json} keys this version does not know, kept as read. */
	public Map<String, Object> extras() { return extras; }

	public ModelMetadata withConfig(PunetConfig c) { Builder b = toBuilder(); b.config = c; return b.build(); }

	public ModelMetadata withClasses(Map<Integer, String> names) { return toBuilder().classes(names).build(); }

	public ModelMetadata withSpacing(double[] s) { return toBuilder().spacing(s).build(); }

	public ModelMetadata withTrainedPrompts(int... p) { return toBuilder().trainedPrompts(p).build(); }

	public ModelMetadata withTrainable(Trainable t) { return toBuilder().trainable(t).build(); }

	public ModelMetadata withProvenance(String key, Object value) { return toBuilder().provenance(key, value).build(); }

	/** The {@code model.json} document (fixed key order, so equal metadata give equal bytes). */
	public Map<String, Object> toJson() {
		return ModelMetadataJson.write(this);
	}

	/**
	 * Reads a {@code model.json} document.
	 *
	 * @param source names the file in error messages
	 * @throws PunetException for a foreign or newer document or invalid values
	 */
	public static ModelMetadata fromJson(Map<String, Object> json, String source) {
		return ModelMetadataJson.read(json, source);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ModelMetadata && ((ModelMetadata) o).toJson().equals(toJson());
	}

	@Override
	public int hashCode() {
		return toJson().hashCode();
	}

	@Override
	public String toString() {
		return "ModelMetadata" + toJson();
	}

	/** Builds {@link ModelMetadata}; start from {@link ModelMetadata#builder} or {@link #toBuilder()}. */
	public static final class Builder {
		private String preset;
		private PunetConfig config;
		private final Map<Integer, String> classes = new TreeMap<>();
		private int[] labelIndices;
		private final Map<String, Object> intensity = new LinkedHashMap<>(Map.of("mode", "ct"));
		private double[] spacing;
		private int[] trainedPrompts = new int[0];
		private Trainable trainable;
		private final Map<String, Object> provenance = new LinkedHashMap<>();
		private final Map<String, Object> extras = new LinkedHashMap<>();

		private Builder() {}

		public Builder preset(String p) { preset = p; return this; }

		/** Names by class index; indices not given keep their names. */
		public Builder classes(Map<Integer, String> names) {
			classes.putAll(names);
			return this;
		}

		public Builder labelIndices(int... v) { labelIndices = v == null ? null : v.clone(); return this; }

		/** Intensity mode ({@code ct|percentile|none}) without further keys. */
		public Builder intensity(String mode) {
			intensity.clear();
			intensity.put("mode", mode);
			return this;
		}

		/** The whole {@code intensity} object (must hold {@code mode}). */
		public Builder intensity(Map<String, Object> m) {
			intensity.clear();
			intensity.putAll(m);
			return this;
		}

		public Builder spacing(double[] s) { spacing = s == null ? null : s.clone(); return this; }

		public Builder trainedPrompts(int... p) { trainedPrompts = p.clone(); return this; }

		public Builder trainable(Trainable t) { trainable = t; return this; }

		public Builder provenance(String key, Object value) { provenance.put(key, value); return this; }

		public Builder provenance(Map<String, Object> m) { provenance.clear(); provenance.putAll(m); return this; }

		/** An extra top-level key (kept verbatim; must not be a known key). */
		public Builder extra(String key, Object value) {
			if (ModelMetadataJson.KNOWN.contains(key)) throw new IllegalArgumentException("'" + key + "' is a known model.json key");
			extras.put(key, value);
			return this;
		}

		public ModelMetadata build() {
			return new ModelMetadata(this);
		}
	}
}
