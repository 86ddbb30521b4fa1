package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line arguments in the reference's argparse style: positionals first, then {@code --name}
 * flags, each followed by zero (a switch) or more values ({@code --label_indices_base 1 2 3}).
 * Every flag a subcommand reads is marked used; {@link #finish()} rejects the rest by name.
 */
public final class Args {
	private final List<String> positionals = new ArrayList<>();
	private final Map<String, List<String>> flags = new LinkedHashMap<>();
	private final Set<String> used = new LinkedHashSet<>();
	private final List<String> commandLine;

	/** Arguments of a subcommand; the whole command line is the same (for provenance). */
	public Args(String[] argv) {
		this(argv, argv);
	}

	/**
	 * @param argv the subcommand's arguments
	 * @param commandLine the whole invocation they came from, kept for provenance ({@link #commandLine()})
	 */
	public Args(String[] argv, String[] commandLine) {
		this.commandLine = List.of(commandLine.clone());
		String current = null;
		for (String a : argv) {
			if (a.startsWith("--") && a.length() > 2) {
				String name = a.substring(2);
				String value = null;
				int eq = name.indexOf('=');
				if (eq >= 0) {
					value = name.substring(eq + 1);
					name = name.substring(0, eq);
				}
				if (flags.containsKey(name)) throw new PunetException("flag --" + name + " given twice");
				flags.put(name, new ArrayList<>());
				if (value != null) {
					flags.get(name).add(value);
					current = null;
				} else {
					current = name;
				}
			} else if (current != null) {
				flags.get(current).add(a);
			} else if (flags.isEmpty()) {
				positionals.add(a);
			} else {
				throw new PunetException("unexpected argument '" + a + "'");
			}
		}
	}

	/** The whole invocation, as typed after {@code ./punet} (recorded in a trained model's provenance). */
	public List<String> commandLine() {
		return commandLine;
	}

	public List<String> positionals() {
		return Collections.unmodifiableList(positionals);
	}

	public boolean has(String name) {
		used.add(name);
		return flags.containsKey(name);
	}

	/** A switch: present without values. */
	public boolean flag(String name) {
		if (!has(name)) return false;
		List<String> v = flags.get(name);
		if (v.isEmpty()) return true;
		if (v.size() == 1 && (v.get(0).equalsIgnoreCase("true") || v.get(0).equalsIgnoreCase("false"))) {
			return Boolean.parseBoolean(v.get(0));
		}
		throw new PunetException("flag --" + name + " takes no value, got " + String.join(" ", v));
	}

	public String string(String name, String dflt) {
		if (!has(name)) return dflt;
		List<String> v = flags.get(name);
		if (v.size() != 1) throw new PunetException("flag --" + name + " needs exactly one value");
		return v.get(0);
	}

	public String required(String name) {
		String v = string(name, null);
		if (v == null) throw new PunetException("missing required flag --" + name);
		return v;
	}

	public Path path(String name, Path dflt) {
		String v = string(name, null);
		return v == null ? dflt : Paths.get(v);
	}

	public Path requiredPath(String name) {
		return Paths.get(required(name));
	}

	public String choice(String name, String dflt, String... allowed) {
		String v = string(name, dflt);
		if (v == null) return null;
		for (String a : allowed) {
			if (a.equals(v)) return v;
		}
		throw new PunetException("flag --" + name + ": '" + v + "' is not one of " + String.join("|", allowed));
	}

	public int integer(String name, int dflt) {
		String v = string(name, null);
		if (v == null) return dflt;
		try {
			return Integer.parseInt(v);
		} catch (NumberFormatException e) {
			throw new PunetException("flag --" + name + " needs an integer, got '" + v + "'");
		}
	}

	public double number(String name, double dflt) {
		String v = string(name, null);
		if (v == null) return dflt;
		try {
			double d = Double.parseDouble(v);
			if (!Double.isFinite(d)) throw new NumberFormatException();
			return d;
		} catch (NumberFormatException e) {
			throw new PunetException("flag --" + name + " needs a finite number, got '" + v + "'");
		}
	}

	/** All values of a list flag (values may also be comma-separated). */
	public List<String> list(String name) {
		if (!has(name)) return null;
		List<String> out = new ArrayList<>();
		for (String v : flags.get(name)) {
			for (String p : v.split(",")) {
				if (!p.isEmpty()) out.add(p);
			}
		}
		return out;
	}

	public int[] integers(String name, int[] dflt) {
		List<String> v = list(name);
		if (v == null) return dflt;
		int[] out = new int[v.size()];
		for (int i = 0; i < out.length; i++) {
			try {
				out[i] = Integer.parseInt(v.get(i).trim());
			} catch (NumberFormatException e) {
				throw new PunetException("flag --" + name + " needs integers, got '" + v.get(i) + "'");
			}
		}
		return out;
	}

	/** Rejects flags that no part of the subcommand read. */
	public void finish() {
		for (String name : flags.keySet()) {
			if (!used.contains(name)) throw new PunetException("unknown flag --" + name + " (see ./punet --help)");
		}
	}
}
