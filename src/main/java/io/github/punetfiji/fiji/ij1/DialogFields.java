package io.github.punetfiji.fiji.ij1;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import java.io.File;
import java.util.List;
import org.scijava.ItemVisibility;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.widget.FileWidget;

/**
 * One SciJava command input as an ImageJ 1 {@link GenericDialog} field. The field is added under the
 * parameter's name, because GenericDialog takes the macro key from the label it is given: {@code open=…},
 * {@code dir_images=…} work the same here as in Fiji and in {@code --run}; then the label shown is replaced by the
 * parameter's human label (GenericDialog keeps the key it saved). The parameters' descriptions make the dialog's
 * Help page ({@link #help}).
 *
 * <p>Supported types: {@link File} (file or folder field), {@link String} (text, or a choice when the
 * parameter has choices), {@code boolean} (checkbox: in a macro, true only when named), {@code int},
 * {@code long}, {@code double} (numbers) and {@link ImagePlus} (an image chooser: {@code image=title}).
 */
final class DialogFields {
	private DialogFields() {}

	/** Whether the dialog shows this input (services, the context, messages and invisible inputs are not user inputs). */
	static boolean isUserInput(ModuleItem<?> item) {
		Class<?> t = item.getType();
		return !Service.class.isAssignableFrom(t) && !org.scijava.Context.class.isAssignableFrom(t)
				&& item.getVisibility() != ItemVisibility.MESSAGE
				&& item.getVisibility() != ItemVisibility.INVISIBLE;
	}

	private static boolean hasChoices(ModuleItem<?> item) {
		return item.getChoices() != null && !item.getChoices().isEmpty();
	}

	/** The label a user reads: the parameter's {@code label}, else its name with spaces. */
	static String label(ModuleItem<?> item) {
		String label = item.getLabel();
		return label == null || label.isBlank() ? item.getName().replace('_', ' ') : label;
	}

	/** The dialog's Help page (HTML): each field's label, macro key and description. */
	static String help(String title, List<ModuleItem<?>> items) {
		StringBuilder html = new StringBuilder("<html><h2>").append(escape(title)).append("</h2><dl>");
		for (ModuleItem<?> item : items) {
			html.append("<dt><b>").append(escape(label(item))).append("</b> (macro key <code>").append(item.getName())
					.append("</code>)</dt>");
			String d = item.getDescription();
			if (d != null && !d.isBlank()) html.append("<dd>").append(escape(d)).append("</dd>");
		}
		return html.append("</dl></html>").toString();
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** Adds the field for {@code item}, showing {@code value} (the command's default), labelled for people, keyed for macros. */
	static void add(GenericDialog gd, ModuleItem<?> item, Object value) {
		addKeyed(gd, item, value);
		String label = label(item);
		if (item.getType() == boolean.class || item.getType() == Boolean.class) {
			((java.awt.Checkbox) gd.getCheckboxes().lastElement()).setLabel(label);
		} else if (gd.getLabel() != null) {
			gd.getLabel().setText(label);
		}
	}

	private static void addKeyed(GenericDialog gd, ModuleItem<?> item, Object value) {
		String key = item.getName();
		Class<?> t = item.getType();
		if (t == File.class) {
			String path = value == null ? "" : value.toString();
			if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) gd.addDirectoryField(key, path, 40);
			else gd.addFileField(key, path, 40);
		} else if (t == String.class && hasChoices(item)) {
			List<?> choices = item.getChoices();
			gd.addChoice(key, choices.stream().map(Object::toString).toArray(String[]::new),
					value == null ? choices.get(0).toString() : value.toString());
		} else if (t == String.class) {
			gd.addStringField(key, value == null ? "" : value.toString(), 20);
		} else if (t == boolean.class || t == Boolean.class) {
			gd.addCheckbox(key, Boolean.TRUE.equals(value));
		} else if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
			gd.addNumericField(key, value == null ? 0 : ((Number) value).doubleValue(), 0);
		} else if (t == double.class || t == Double.class) {
			double d = value == null ? 0 : ((Number) value).doubleValue();
			// NB: negative digits = scientific notation; 10 columns show 1.000E-4 whole
			gd.addNumericField(key, d, d != 0 && Math.abs(d) < 0.01 ? -3 : 3, 10, null);
		} else if (t == ImagePlus.class) {
			ImagePlus current = WindowManager.getCurrentImage();
			gd.addImageChoice(key, current == null ? null : current.getTitle());
		} else {
			throw new IllegalArgumentException("no ImageJ 1 dialog field for parameter " + key + " of type " + t.getName());
		}
	}

	/** Reads the next field's value, in the order {@link #add} added them. */
	static Object read(GenericDialog gd, ModuleItem<?> item) {
		Class<?> t = item.getType();
		if (t == File.class) {
			String s = gd.getNextString().trim();
			return s.isEmpty() ? null : new File(s);
		}
		if (t == String.class) return hasChoices(item) ? gd.getNextChoice() : gd.getNextString();
		if (t == boolean.class || t == Boolean.class) return gd.getNextBoolean();
		if (t == ImagePlus.class) return gd.getNextImage();
		double d = gd.getNextNumber();
		if (t == int.class || t == Integer.class) return (int) Math.round(d);
		if (t == long.class || t == Long.class) return Math.round(d);
		return d;
	}
}
