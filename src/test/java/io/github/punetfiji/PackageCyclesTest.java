package io.github.punetfiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's packages depend on each other in one direction (docs/architecture.md, "Layers"): no package
 * cycle among {@code io.github.punetfiji.*}. Reads the sources of {@code src/main/java} (imports and fully
 * qualified names in code, comments left out), so that it needs nothing but the tree.
 */
class PackageCyclesTest {
	private static final Path SOURCES = Paths.get("src", "main", "java");
	private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
	/** A project type named in code: its package is the part before the first capitalised segment. */
	private static final Pattern REFERENCE = Pattern.compile("\\bio\\.github\\.punetfiji((?:\\.[a-z]\\w*)*)\\.[A-Z]");

	@Test
	void noPackageCycle() throws IOException {
		Map<String, Set<String>> uses = dependencies();
		assertTrue(uses.containsKey("io.github.punetfiji.model.runtime"), "the sources were read: " + uses.keySet());
		assertEquals(List.of(), cycles(uses), "package cycles (each as a path back to its start)");
	}

	@Test
	void findsACycle() {
		Map<String, Set<String>> uses = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
		assertEquals(List.of(List.of("a", "b", "c", "a")), cycles(uses));
	}

	private static Map<String, Set<String>> dependencies() throws IOException {
		Map<String, Set<String>> uses = new TreeMap<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
				String code = withoutComments(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
				Matcher p = PACKAGE.matcher(code);
				if (!p.find()) continue;
				String from = p.group(1);
				Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
				Matcher r = REFERENCE.matcher(code.substring(p.end()));
				while (r.find()) {
					String target = "io.github.punetfiji" + r.group(1);
					if (!target.equals(from)) to.add(target);
				}
			}
		}
		return uses;
	}

	/** The cycles found by a depth-first search, each reported once from the first package that leads into it. */
	static List<List<String>> cycles(Map<String, Set<String>> uses) {
		List<List<String>> found = new ArrayList<>();
		Set<String> done = new TreeSet<>();
		for (String start : uses.keySet()) visit(start, uses, new ArrayDeque<>(), done, found);
		return found;
	}

	private static void visit(String p, Map<String, Set<String>> uses, Deque<String> path, Set<String> done, List<List<String>> found) {
		if (path.contains(p)) {
			List<String> cycle = new ArrayList<>();
			boolean in = false;
			for (java.util.Iterator<String> it = path.descendingIterator(); it.hasNext();) {
				String q = it.next();
				in |= q.equals(p);
				if (in) cycle.add(q);
			}
			cycle.add(p);
			found.add(cycle);
			return;
		}
		if (!done.add(p)) return;
		path.push(p);
		for (String q : uses.getOrDefault(p, Set.of())) visit(q, uses, path, done, found);
		path.pop();
	}

	/** The code with its comments blanked out (string and character literals kept, so {@code "http://"} is not a comment). */
	private static String withoutComments(String s) {
		StringBuilder out = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"' || c == '\'') {
				int j = i + 1;
				while (j < s.length() && s.charAt(j) != c) j += s.charAt(j) == '\\' ? 2 : 1;
				out.append(s, i, Math.min(j + 1, s.length()));
				i = j;
			} else if (s.startsWith("//", i)) {
				while (i < s.length() && s.charAt(i) != '\n') i++;
				out.append('\n');
			} else if (s.startsWith("/*", i)) {
				int end = s.indexOf("*/", i + 2);
				i = end < 0 ? s.length() : end + 1;
				out.append(' ');
			} else {
				out.append(c);
			}
		}
		return out.toString();
	}
}
