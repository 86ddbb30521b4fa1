package io.github.punetfiji.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/**
 * Every parameter a user sees in a PUNet dialog has a human label and a description (the Help button's text), in every
 * PUNet command that SciJava discovers; a parameter added without them fails here, naming it.
 */
class ParameterHelpTest {
	@Test
	void everyVisibleParameterOfEveryPunetCommandHasALabelAndADescription() throws Exception {
		TreeSet<String> menu = new TreeSet<>();
		Matcher m = Pattern.compile("CommandPlugIn\\(\"([\\w.]+)\"\\)").matcher(Files.readString(Paths.get("plugins.config")));
		while (m.find()) menu.add(m.group(1));
		List<String> missing = new ArrayList<>();
		TreeSet<String> commands = new TreeSet<>();
		int inputs = 0;
		try (Context context = new Context(CommandService.class)) {
			for (CommandInfo info : context.service(CommandService.class).getCommands()) {
				if (!info.getClassName().startsWith("io.github.punetfiji.fiji.") || info.getMenuPath() == null
						|| info.getMenuPath().isEmpty())
					continue;
				commands.add(info.getClassName());
				for (ModuleItem<?> item : info.inputs()) {
					if (!DialogFields.isUserInput(item)) continue;
					inputs++;
					String where = info.getTitle() + " › " + item.getName();
					if (item.getLabel() == null || item.getLabel().isBlank() || item.getLabel().equals(item.getName()))
						missing.add(where + ": no label");
					if (item.getDescription() == null || item.getDescription().isBlank()) missing.add(where + ": no description");
				}
			}
		}
		assertEquals(menu, commands, "the commands checked are those of the menu");
		assertTrue(inputs > 80, "only " + inputs + " visible parameters found");
		assertEquals(List.of(), missing, "parameters a user sees without a label or a description (the dialog's Help lists them)");
	}
}
