package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.PunetConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference's hyper-parameter flags: every key of the reference namespace ({@code --attention_heads 4},
 * {@code --hidden_channels 16 32 48 64 96}, {@code --fixed_output}, {@code --patch_size_students 96,96,1;80,80,1},
 * {@code --label_indices_base 1 2 3}) is accepted under its own name and typed like its default.
 */
final class ConfigFlags {
	/** Keys handled elsewhere or meaningless here (paths of the reference's own data loading). */
	private static final Set<String> EXCLUDED = Set.of("preset");

	private ConfigFlags() {}

	static Map<String, Object> read(Args args) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (Map.Entry<String, Object> d : PunetConfig.defaults().asMap().entrySet()) {
			String key = d.getKey();
			if (EXCLUDED.contains(key) || !args.has(key)) continue;
			out.put(key, parse(args, key, d.getValue()));
		}
		return out;
	}

	private static Object parse(Args args, String key, Object dflt) {
		if (dflt instanceof Boolean) return args.flag(key);
		if (dflt instanceof Long) return (long) args.integer(key, 0);
		if (dflt instanceof Double) return args.number(key, 0);
		if (dflt instanceof String) return args.string(key, "");
		if (dflt instanceof List) {
			List<String> raw = args.list(key);
			List<?> dl = (List<?>) dflt;
			boolean nested = !dl.isEmpty() && dl.get(0) instanceof List;
			if (nested) {
				List<Object> rows = new ArrayList<>();
				for (String row : String.join(",", raw).replace(",;", ";").split(";")) rows.add(numbers(key, row.split(","), false));
				return rows;
			}
			boolean floats = !dl.isEmpty() && dl.get(0) instanceof Double;
			return numbers(key, raw.toArray(new String[0]), floats);
		}
		throw new PunetException("flag --" + key + " cannot be set from the command line");
	}

	private static List<Object> numbers(String key, String[] parts, boolean floats) {
		List<Object> l = new ArrayList<>();
		for (String p : parts) {
			String t = p.trim();
			if (t.isEmpty()) continue;
			try {
				l.add(floats ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t));
			} catch (NumberFormatException e) {
				throw new PunetException("flag --" + key + " needs " + (floats ? "numbers" : "integers") + ", got '" + t + "'");
			}
		}
		return l;
	}
}
