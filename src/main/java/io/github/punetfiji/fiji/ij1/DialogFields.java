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
 * One SciJava command input as an ImageJ 1 {@link GenericDialog} field. The field's label is the
 * parameter's name, because GenericDialog takes the macro key from the label: {@code open=…},
 * {@code dir_images=…} work the same here as in Fiji and in {@code --run}.
 *
 * <p>Supported types: {@link File} (file or folder field), {@link String} (text, or a choice when the
 * parameter has choices), {@code boolean} (checkbox: in a macro, true only when named), {@code int},
 * {@code long}, {@code double} (numbers) and {@link ImagePlus} (an image chooser: {@code image=title}).
 */
final class DialogFields {
	private DialogFields() {}

	/** Whether the dialog shows this input (services, the context and messages are not user inputs). */
	static boolean isUserInput(ModuleItem<?> item) {
		Class<?> t = item.getType();
		return !Service.class.isAssignableFrom(t) && !org.scijava.Context.class.isAssignableFrom(t)
				&& item.getVisibility() != ItemVisibility.MESSAGE;
	}

	private static boolean hasChoices(ModuleItem<?> item) {
		return item.getChoices() != null && !item.getChoices().isEmpty();
	}

	/** Adds the field for {@code item}, showing {@code value} (the command's default). */
	static void add(GenericDialog gd, ModuleItem<?> item, Object value) {
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
			gd.addNumericField(key, d, d != 0 && Math.abs(d) < 0.01 ? -3 : 3); // NB: negative digits = scientific notation
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
