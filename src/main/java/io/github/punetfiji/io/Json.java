package io.github.punetfiji.io;

import io.github.punetfiji.PunetException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON (RFC 8259), since no JSON library is a dependency. {@link #write} turns maps, lists,
 * arrays, strings, numbers, booleans and {@code null} into compact JSON (non-finite numbers become
 * {@code null}; floating-point values always print with a fraction or exponent, as Python does, so they
 * parse back as {@link Double}). {@link #parse} reads objects as
 * {@link LinkedHashMap} (key order kept), arrays as {@link ArrayList}, integers as {@link Long},
 * other numbers as {@link Double}; nesting depth is bounded.
 */
public final class Json {
	private static final int MAX_DEPTH = 512;

	private Json() {}

	/** Compact JSON text of a value. */
	public static String write(Object value) {
		StringBuilder b = new StringBuilder();
		write(value, b);
		return b.toString();
	}

	private static void write(Object v, StringBuilder b) {
		if (v == null) {
			b.append("null");
		} else if (v instanceof String || v instanceof Character || v instanceof Enum) {
			quote(v.toString(), b);
		} else if (v instanceof Boolean) {
			b.append(v);
		} else if (v instanceof Double || v instanceof Float) {
			number(((Number) v).doubleValue(), v instanceof Float, b);
		} else if (v instanceof Number) {
			b.append(v);
		} else if (v instanceof Map) {
			b.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
				if (!first) b.append(',');
				first = false;
				quote(String.valueOf(e.getKey()), b);
				b.append(':');
				write(e.getValue(), b);
			}
			b.append('}');
		} else if (v instanceof Iterable) {
			b.append('[');
			boolean first = true;
			for (Object o : (Iterable<?>) v) {
				if (!first) b.append(',');
				first = false;
				write(o, b);
			}
			b.append(']');
		} else if (v.getClass().isArray()) {
			b.append('[');
			for (int i = 0; i < Array.getLength(v); i++) {
				if (i > 0) b.append(',');
				write(Array.get(v, i), b);
			}
			b.append(']');
		} else {
			throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
		}
	}

	private static void number(double d, boolean isFloat, StringBuilder b) {
		if (!Double.isFinite(d)) b.append("null");
		else b.append(isFloat ? Float.toString((float) d) : Double.toString(d)); // NB: 300.0 stays a float, as in Python
	}

	/** Appends a JSON string literal. */
	public static void quote(String s, StringBuilder b) {
		b.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"':
					b.append("\\\"");
					break;
				case '\\':
					b.append("\\\\");
					break;
				case '\n':
					b.append("\\n");
					break;
				case '\r':
					b.append("\\r");
					break;
				case '\t':
					b.append("\\t");
					break;
				case '\b':
					b.append("\\b");
					break;
				case '\f':
					b.append("\\f");
					break;
				default:
					if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
					else b.append(c);
			}
		}
		b.append('"');
	}

	/**
	 * Parses JSON text.
	 *
	 * @param what names the source in error messages (e.g. the file)
	 * @throws PunetException naming {@code what} and the position of the first error
	 */
	public static Object parse(String text, String what) {
		Parser p = new Parser(text, what);
		p.space();
		Object v = p.value(0);
		p.space();
		if (p.pos < text.length()) throw p.error("unexpected text after the JSON value");
		return v;
	}

	/** Parses a JSON object. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> parseObject(String text, String what) {
		Object v = parse(text, what);
		if (!(v instanceof Map)) throw new PunetException(what + ": expected a JSON object");
		return (Map<String, Object>) v;
	}

	private static final class Parser {
		final String s;
		final String what;
		int pos;

		Parser(String s, String what) {
			this.s = s;
			this.what = what;
		}

		PunetException error(String msg) {
			return new PunetException(what + ": invalid JSON at character " + pos + ": " + msg);
		}

		void space() {
			while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) pos++;
		}

		char peek() {
			if (pos >= s.length()) throw error("unexpected end of text");
			return s.charAt(pos);
		}

		void expect(char c) {
			if (peek() != c) throw error("expected '" + c + "', found '" + peek() + "'");
			pos++;
		}

		Object value(int depth) {
			if (depth > MAX_DEPTH) throw error("nested too deeply");
			char c = peek();
			if (c == '{') return object(depth);
			if (c == '[') return array(depth);
			if (c == '"') return string();
			if (c == '-' || (c >= '0' && c <= '9')) return number();
			if (s.startsWith("true", pos)) return literal(4, Boolean.TRUE);
			if (s.startsWith("false", pos)) return literal(5, Boolean.FALSE);
			if (s.startsWith("null", pos)) return literal(4, null);
			throw error("unexpected character '" + c + "'");
		}

		Object literal(int len, Object v) {
			pos += len;
			return v;
		}

		Map<String, Object> object(int depth) {
			Map<String, Object> m = new LinkedHashMap<>();
			expect('{');
			space();
			if (peek() == '}') {
				pos++;
				return m;
			}
			while (true) {
				space();
				if (peek() != '"') throw error("expected a string key");
				String k = string();
				space();
				expect(':');
				space();
				m.put(k, value(depth + 1));
				space();
				if (peek() == ',') {
					pos++;
					continue;
				}
				expect('}');
				return m;
			}
		}

		List<Object> array(int depth) {
			List<Object> l = new ArrayList<>();
			expect('[');
			space();
			if (peek() == ']') {
				pos++;
				return l;
			}
			while (true) {
				space();
				l.add(value(depth + 1));
				space();
				if (peek() == ',') {
					pos++;
					continue;
				}
				expect(']');
				return l;
			}
		}

		String string() {
			expect('"');
			StringBuilder b = new StringBuilder();
			while (true) {
				char c = peek();
				pos++;
				if (c == '"') return b.toString();
				if (c < 0x20) throw error("control character in string");
				if (c != '\\') {
					b.append(c);
					continue;
				}
				char e = peek();
				pos++;
				switch (e) {
					case '"':
					case '\\':
					case '/':
						b.append(e);
						break;
					case 'b':
						b.append('\b');
						break;
					case 'f':
						b.append('\f');
						break;
					case 'n':
						b.append('\n');
						break;
					case 'r':
						b.append('\r');
						break;
					case 't':
						b.append('\t');
						break;
					case 'u':
						if (pos + 4 > s.length()) throw error("incomplete \\u escape");
						try {
							b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
						} catch (NumberFormatException x) {
							throw error("bad \\u escape");
						}
						pos += 4;
						break;
					default:
						throw error("bad escape '\\" + e + "'");
				}
			}
		}

		Number number() {
			int start = pos;
			if (peek() == '-') pos++;
			if (pos < s.length() && s.charAt(pos) == '0') pos++;
			else digits();
			boolean integral = true;
			if (pos < s.length() && s.charAt(pos) == '.') {
				pos++;
				digits();
				integral = false;
			}
			if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
				pos++;
				if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
				digits();
				integral = false;
			}
			String t = s.substring(start, pos);
			if (integral) {
				try {
					return Long.parseLong(t);
				} catch (NumberFormatException tooBig) {
					// fall through to double
				}
			}
			return Double.parseDouble(t);
		}

		void digits() {
			int start = pos;
			while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) pos++;
			if (pos == start) throw error("expected a digit");
		}
	}

	/** {@link #parse(String, String)} with a generic name for messages. */
	public static Object parse(String text) {
		return parse(text, "JSON");
	}

	/** {@link #parseObject(String, String)} with a generic name for messages. */
	public static Map<String, Object> parseObject(String text) {
		return parseObject(text, "JSON");
	}

	/** Like {@link #write}, with maps broken over lines and indented by {@code indent} spaces per level. */
	public static String writePretty(Object value, int indent) {
		StringBuilder b = new StringBuilder();
		pretty(value, indent, 0, b);
		return b.append('\n').toString();
	}

	private static void pretty(Object v, int indent, int level, StringBuilder b) {
		if (!(v instanceof Map) || ((Map<?, ?>) v).isEmpty()) {
			b.append(write(v));
			return;
		}
		String pad = " ".repeat(indent * (level + 1));
		b.append("{\n");
		boolean first = true;
		for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
			if (!first) b.append(",\n");
			first = false;
			b.append(pad);
			quote(String.valueOf(e.getKey()), b);
			b.append(": ");
			pretty(e.getValue(), indent, level + 1, b);
		}
		b.append('\n').append(" ".repeat(indent * level)).append('}');
	}
}
