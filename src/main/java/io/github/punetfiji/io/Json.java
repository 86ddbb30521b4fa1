package io.github.punetfiji.io;

import io.github.punetfiji.PunetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON (RFC 8259) reader and writer for configs, model files and CLI output. Objects become
 * {@code LinkedHashMap<String, Object>}, arrays {@code List<Object>}, numbers {@code Long} when integral
 * (no fraction/exponent) else {@code Double}, plus {@code String}, {@code Boolean} and {@code null}.
 * Python's {@code NaN}/{@code Infinity} literals are accepted on read.
 */
public final class Json {
	private final String s;
	private int i;

	private Json(String s) {
		this.s = s;
	}

	/** Parses one JSON value; trailing content is an error. */
	public static Object parse(String text) {
		Json p = new Json(text);
		p.ws();
		Object v = p.value(0);
		p.ws();
		if (p.i != p.s.length()) throw p.error("trailing characters");
		return v;
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> parseObject(String text) {
		Object v = parse(text);
		if (!(v instanceof Map)) throw new PunetException("invalid JSON: expected an object");
		return (Map<String, Object>) v;
	}

	private PunetException error(String what) {
		return new PunetException("invalid JSON at offset " + i + ": " + what);
	}

	private void ws() {
		while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
	}

	private Object value(int depth) {
		if (depth > 512) throw error("nesting too deep");
		if (i >= s.length()) throw error("unexpected end");
		char c = s.charAt(i);
		switch (c) {
			case '{': return object(depth);
			case '[': return array(depth);
			case '"': return string();
			case 't': return literal("true", Boolean.TRUE);
			case 'f': return literal("false", Boolean.FALSE);
			case 'n': return literal("null", null);
			case 'N': return literal("NaN", Double.NaN);
			case 'I': return literal("Infinity", Double.POSITIVE_INFINITY);
			default: return number();
		}
	}

	private Object literal(String word, Object v) {
		if (!s.startsWith(word, i)) throw error("unexpected character '" + s.charAt(i) + "'");
		i += word.length();
		return v;
	}

	private Map<String, Object> object(int depth) {
		Map<String, Object> m = new LinkedHashMap<>();
		i++;
		ws();
		if (i < s.length() && s.charAt(i) == '}') {
			i++;
			return m;
		}
		while (true) {
			ws();
			if (i >= s.length() || s.charAt(i) != '"') throw error("expected a string key");
			String k = string();
			ws();
			expect(':');
			ws();
			m.put(k, value(depth + 1));
			ws();
			if (i < s.length() && s.charAt(i) == ',') {
				i++;
				continue;
			}
			expect('}');
			return m;
		}
	}

	private List<Object> array(int depth) {
		List<Object> l = new ArrayList<>();
		i++;
		ws();
		if (i < s.length() && s.charAt(i) == ']') {
			i++;
			return l;
		}
		while (true) {
			ws();
			l.add(value(depth + 1));
			ws();
			if (i < s.length() && s.charAt(i) == ',') {
				i++;
				continue;
			}
			expect(']');
			return l;
		}
	}

	private void expect(char c) {
		if (i >= s.length() || s.charAt(i) != c) throw error("expected '" + c + "'");
		i++;
	}

	private String string() {
		i++;
		StringBuilder b = new StringBuilder();
		while (true) {
			if (i >= s.length()) throw error("unterminated string");
			char c = s.charAt(i++);
			if (c == '"') return b.toString();
			if (c != '\\') {
				b.append(c);
				continue;
			}
			if (i >= s.length()) throw error("unterminated escape");
			char e = s.charAt(i++);
			switch (e) {
				case '"': b.append('"'); break;
				case '\\': b.append('\\'); break;
				case '/': b.append('/'); break;
				case 'b': b.append('\b'); break;
				case 'f': b.append('\f'); break;
				case 'n': b.append('\n'); break;
				case 'r': b.append('\r'); break;
				case 't': b.append('\t'); break;
				case 'u':
					if (i + 4 > s.length()) throw error("bad \\u escape");
					try {
						b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
					} catch (NumberFormatException ex) {
						throw error("bad \\u escape");
					}
					i += 4;
					break;
				default: throw error("bad escape \\" + e);
			}
		}
	}

	private Object number() {
		int start = i;
		if (i < s.length() && s.charAt(i) == '-') {
			i++;
			if (s.startsWith("Infinity", i)) {
				i += 8;
				return Double.NEGATIVE_INFINITY;
			}
		}
		boolean integral = true;
		while (i < s.length()) {
			char c = s.charAt(i);
			if (c >= '0' && c <= '9') {
				i++;
			} else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				integral = false;
				i++;
			} else {
				break;
			}
		}
		String t = s.substring(start, i);
		if (t.isEmpty() || t.equals("-")) throw error("unexpected character");
		try {
			if (integral) {
				try {
					return Long.parseLong(t);
				} catch (NumberFormatException big) {
					return Double.parseDouble(t);
				}
			}
			return Double.parseDouble(t);
		} catch (NumberFormatException e) {
			throw error("bad number '" + t + "'");
		}
	}

	/** Writes a value compactly (maps, lists, arrays of primitives, strings, numbers, booleans, null). */
	public static String write(Object v) {
		StringBuilder b = new StringBuilder();
		write(b, v, -1, 0);
		return b.toString();
	}

	/** Writes a value indented by {@code indent} spaces per level. */
	public static String writePretty(Object v, int indent) {
		StringBuilder b = new StringBuilder();
		write(b, v, indent, 0);
		return b.append('\n').toString();
	}

	private static void newline(StringBuilder b, int indent, int level) {
		if (indent < 0) return;
		b.append('\n');
		for (int k = 0; k < indent * level; k++) b.append(' ');
	}

	private static void write(StringBuilder b, Object v, int indent, int level) {
		if (v == null) {
			b.append("null");
		} else if (v instanceof String) {
			quote(b, (String) v);
		} else if (v instanceof Boolean) {
			b.append(v);
		} else if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			if (Double.isNaN(d)) b.append("NaN");
			else if (Double.isInfinite(d)) b.append(d > 0 ? "Infinity" : "-Infinity");
			else if (d == Math.rint(d) && Math.abs(d) < 1e15) b.append((long) d).append(".0");
			else b.append(v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
		} else if (v instanceof Number) {
			b.append(v);
		} else if (v instanceof Map) {
			b.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
				if (!first) b.append(',');
				first = false;
				newline(b, indent, level + 1);
				quote(b, String.valueOf(e.getKey()));
				b.append(indent < 0 ? ":" : ": ");
				write(b, e.getValue(), indent, level + 1);
			}
			if (!first) newline(b, indent, level);
			b.append('}');
		} else if (v instanceof Iterable) {
			b.append('[');
			boolean first = true;
			for (Object o : (Iterable<?>) v) {
				if (!first) b.append(indent < 0 ? "," : ", ");
				first = false;
				write(b, o, indent, level + 1);
			}
			b.append(']');
		} else if (v.getClass().isArray()) {
			List<Object> l = new ArrayList<>();
			int n = java.lang.reflect.Array.getLength(v);
			for (int k = 0; k < n; k++) l.add(java.lang.reflect.Array.get(v, k));
			write(b, l, indent, level);
		} else {
			quote(b, v.toString());
		}
	}

	private static void quote(StringBuilder b, String s) {
		b.append('"');
		for (int k = 0; k < s.length(); k++) {
			char c = s.charAt(k);
			switch (c) {
				case '"': b.append("\\\""); break;
				case '\\': b.append("\\\\"); break;
				case '\n': b.append("\\n"); break;
				case '\r': b.append("\\r"); break;
				case '\t': b.append("\\t"); break;
				default:
					if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
					else b.append(c);
			}
		}
		b.append('"');
	}
}
