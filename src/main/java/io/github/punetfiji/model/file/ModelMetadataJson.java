package io.github.punetfiji.model.file;

import io.github.punetfiji.model.PunetConfig;

import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.ModelMetadataJson;

import io.github.punetfiji.PunetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code model.json} mapping of {@link ModelMetadata}: plain JSON values only, read strictly by type. */
final class ModelMetadataJson {
	static final List<String> KNOWN = List.of("format", "format_version", "preset", "config", "classes", "label_indices", "intensity",
			"spacing", "trained_prompts", "trainable", "provenance");

	private ModelMetadataJson() {}

	static Map<String, Object> write(ModelMetadata m) {
		Map<String, Object> j = new LinkedHashMap<>();
		j.put("format", ModelMetadata.FORMAT);
		j.put("format_version", (long) ModelMetadata.FORMAT_VERSION);
		j.put("preset", m.preset());
		j.put("config", m.config().asMap());
		Map<String, Object> classes = new LinkedHashMap<>();
		for (Map.Entry<Integer, String> e : m.classes().entrySet()) classes.put(Integer.toString(e.getKey()), e.getValue());
		j.put("classes", classes);
		j.put("label_indices", longs(m.labelIndices()));
		j.put("intensity", m.intensity());
		double[] s = m.spacing();
		if (s == null) {
			j.put("spacing", null);
		} else {
			List<Object> l = new ArrayList<>();
			for (double v : s) l.add(v);
			j.put("spacing", l);
		}
		j.put("trained_prompts", longs(m.trainedPrompts()));
		ModelMetadata.Trainable t = m.trainable();
		if (t == null) {
			j.put("trainable", null);
		} else {
			Map<String, Object> tj = new LinkedHashMap<>();
			tj.put("count", t.count());
			tj.put("fraction", t.fraction());
			j.put("trainable", tj);
		}
		j.put("provenance", m.provenance());
		j.putAll(m.extras());
		return j;
	}

	private static List<Object> longs(int[] v) {
		List<Object> l = new ArrayList<>();
		for (int x : v) l.add((long) x);
		return l;
	}

	@SuppressWarnings("unchecked")
	static ModelMetadata read(Map<String, Object> j, String source) {
		Object format = j.get("format");
		if (!ModelMetadata.FORMAT.equals(format)) {
			throw new PunetException(source + " is not a PUNet model file (its model.json has "
					+ (format == null ? "no 'format'" : "format '" + format + "'")
					+ "); choose a .punet file written by PUNet for Fiji or build one with ./punet convert");
		}
		Object version = j.get("format_version");
		if (!(version instanceof Long) || (Long) version < 1) {
			throw new PunetException(source + " has an invalid format_version (" + version + "); it is damaged or not a PUNet model file");
		}
		if ((Long) version > ModelMetadata.FORMAT_VERSION) {
			throw new PunetException(source + " was written by a newer PUNet for Fiji (format_version " + version
					+ ", this version reads up to " + ModelMetadata.FORMAT_VERSION + "); update the plugin");
		}
		try {
			Object config = j.get("config");
			if (!(config instanceof Map)) throw new PunetException("'config' must be an object");
			ModelMetadata.Builder b = ModelMetadata.builder(PunetConfig.fromMap((Map<String, Object>) config));
			if (j.containsKey("preset")) b.preset((String) j.get("preset"));
			if (j.get("classes") != null) {
				Map<Integer, String> names = new LinkedHashMap<>();
				for (Map.Entry<String, Object> e : ((Map<String, Object>) j.get("classes")).entrySet()) {
					names.put(classIndex(e.getKey()), (String) e.getValue());
				}
				b.classes(names);
			}
			if (j.get("label_indices") != null) b.labelIndices(ints(j.get("label_indices"), "label_indices"));
			if (j.get("intensity") != null) b.intensity((Map<String, Object>) j.get("intensity"));
			b.spacing(j.get("spacing") == null ? null : doubles(j.get("spacing"), "spacing"));
			if (j.get("trained_prompts") != null) b.trainedPrompts(ints(j.get("trained_prompts"), "trained_prompts"));
			if (j.get("trainable") != null) {
				Map<String, Object> t = (Map<String, Object>) j.get("trainable");
				b.trainable(new ModelMetadata.Trainable(((Number) t.get("count")).longValue(), ((Number) t.get("fraction")).doubleValue()));
			}
			b.provenance(j.get("provenance") == null ? Map.of() : (Map<String, Object>) j.get("provenance"));
			for (Map.Entry<String, Object> e : j.entrySet()) {
				if (!KNOWN.contains(e.getKey())) b.extra(e.getKey(), e.getValue());
			}
			return b.build();
		} catch (PunetException e) {
			throw new PunetException(source + " has an invalid model.json: " + e.getMessage(), e);
		} catch (ClassCastException | NullPointerException | ArithmeticException e) {
			throw new PunetException(source + " has an invalid model.json: a value has the wrong type (" + e.getMessage() + ")", e);
		}
	}

	private static int classIndex(String key) {
		try {
			return Integer.parseInt(key);
		} catch (NumberFormatException e) {
			throw new PunetException("class keys must be class indices, got '" + key + "'");
		}
	}

	private static int[] ints(Object o, String what) {
		List<?> l = (List<?>) o;
		int[] out = new int[l.size()];
		for (int k = 0; k < out.length; k++) {
			if (!(l.get(k) instanceof Long)) throw new PunetException("'" + what + "' must be a list of integers, got " + o);
			out[k] = Math.toIntExact((Long) l.get(k));
		}
		return out;
	}

	private static double[] doubles(Object o, String what) {
		List<?> l = (List<?>) o;
		double[] out = new double[l.size()];
		for (int k = 0; k < out.length; k++) {
			if (!(l.get(k) instanceof Number)) throw new PunetException("'" + what + "' must be a list of numbers, got " + o);
			out[k] = ((Number) l.get(k)).doubleValue();
		}
		return out;
	}
}
