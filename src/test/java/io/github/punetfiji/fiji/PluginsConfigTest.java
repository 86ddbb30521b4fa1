package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * {@code plugins.config} and the SciJava commands agree: every PUNet command has one ImageJ 1 entry with
 * the same label (so that in Fiji imagej-legacy overrides the entry instead of adding a second item),
 * and every parameter name is a safe ImageJ 1 macro key.
 */
class PluginsConfigTest {
	private static final Pattern ENTRY = Pattern
			.compile("Plugins>PUNet, \"([^\"]+)\", io\\.github\\.punetfiji\\.fiji\\.ij1\\.CommandPlugIn\\(\"([\\w.]+)\"\\)");
	private static Context context;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static Map<String, String> entries() throws IOException {
		Map<String, String> out = new TreeMap<>();
		for (String line : Files.readAllLines(Paths.get("plugins.config"), StandardCharsets.UTF_8)) {
			if (line.isBlank() || line.startsWith("#") || line.equals("Plugins>PUNet, \"-\"")) continue;
			Matcher m = ENTRY.matcher(line);
			assertTrue(m.matches(), "malformed plugins.config line: " + line);
			assertEquals(null, out.put(m.group(1), m.group(2)), "label twice: " + m.group(1));
		}
		return out;
	}

	private static List<CommandInfo> punetCommands() {
		List<CommandInfo> out = new ArrayList<>();
		for (CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getClassName().startsWith("io.github.punetfiji.fiji.")) out.add(info);
		}
		return out;
	}

	@Test
	void everyCommandHasAnEntryUnderItsMenuLabel() throws IOException {
		Map<String, String> entries = entries();
		List<CommandInfo> commands = punetCommands();
		assertEquals(12, commands.size());
		for (CommandInfo info : commands) {
			String label = info.getMenuPath().getLeaf().getName();
			assertEquals("Plugins>PUNet>" + label,
					String.join(">", info.getMenuPath().stream().map(e -> e.getName()).toArray(String[]::new)));
			assertEquals(info.getClassName(), entries.get(label), "plugins.config entry for " + label);
			assertEquals(label, info.getTitle(), "the title --run finds it by");
			assertTrue(label.endsWith(" (PUNet)"), label);
		}
		assertEquals(commands.size(), entries.size());
	}

	@Test
	void parameterNamesAreSafeImageJ1MacroKeys() {
		for (CommandInfo info : punetCommands()) {
			List<String> keys = new ArrayList<>();
			for (ModuleItem<?> item : info.inputs()) {
				if (Service.class.isAssignableFrom(item.getType())) continue;
				String key = item.getName();
				assertTrue(key.matches("[a-z][a-z0-9_]*"),
						info.getTitle() + ": ImageJ 1 lower-cases macro keys, so use lower case: " + key);
				keys.add(key);
			}
			// NB: ImageJ 1 finds "key=" anywhere not preceded by a letter, so "out=" would also match "dir_out=".
			for (String a : keys) {
				for (String b : keys)
					assertFalse(!a.equals(b) && b.endsWith("_" + a), info.getTitle() + ": key " + a + " is a suffix of " + b);
			}
			assertNotNull(info.getMenuPath().getLeaf());
		}
	}
}
