package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.file.ModelMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small file helpers shared by the CLI subcommands: JSON inputs and output-path checks. */
final class CliFiles {
	/** Largest JSON input read (configs, class names). */
	static final long MAX_JSON_BYTES = 16L << 20;

	private CliFiles() {}

	static Object readJson(Path file, String flag) {
		if (Files.isDirectory(file)) throw new PunetException("--" + flag + ": " + file + " is a folder, expected a JSON file");
		if (!Files.isRegularFile(file)) throw new PunetException("--" + flag + ": no such file: " + file);
		try {
			if (Files.size(file) > MAX_JSON_BYTES)
				throw new PunetException("--" + flag + ": " + file + " is larger than 16 MB; expected a small JSON file");
			return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
		} catch (java.nio.charset.MalformedInputException e) {
			throw new PunetException("--" + flag + ": " + file + " is not UTF-8 text; expected a JSON file");
		} catch (IOException e) {
			throw new PunetException("--" + flag + ": cannot read " + file + ": " + AtomicFiles.describe(e), e);
		} catch (PunetException e) {
			if (e.getMessage().startsWith("--")) throw e;
			throw new PunetException("--" + flag + ": " + file + ": " + e.getMessage(), e);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> readJsonObject(Path file, String flag) {
		Object o = readJson(file, flag);
		if (!(o instanceof Map)) throw new PunetException("--" + flag + ": " + file + " must hold a JSON object");
		return (Map<String, Object>) o;
	}

	/**
	 * Refuses an output path that is a folder, one of the inputs, or (with {@code --no_overwrite}) an
	 * existing file.
	 */
	static void checkOutput(Path out, String flag, boolean noOverwrite, Path... inputs) {
		if (Files.isDirectory(out)) throw new PunetException("--" + flag + ": " + out + " is a folder; give a file name");
		for (Path in : inputs) {
			if (in != null && same(in, out))
				throw new PunetException("--" + flag + ": " + out + " is also an input; choose another output file");
		}
		if (noOverwrite && Files.exists(out)) throw new PunetException("--" + flag + ": " + out + " exists and --no_overwrite was given");
	}

	static boolean same(Path a, Path b) {
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		} catch (IOException e) {
			// fall through to the path comparison
		}
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}

	static double[] spacing(List<String> values) {
		if (values.size() != 3) throw new PunetException("flag --spacing needs 3 values sx,sy,sz, got " + values.size());
		double[] s = new double[3];
		for (int k = 0; k < 3; k++) {
			try {
				s[k] = Double.parseDouble(values.get(k));
			} catch (NumberFormatException e) {
				throw new PunetException("flag --spacing needs numbers, got '" + values.get(k) + "'");
			}
		}
		return s;
	}

	/** Builds metadata, naming {@code source} in an error. */
	static ModelMetadata buildMetadata(ModelMetadata.Builder b, String source) {
		try {
			return b.build();
		} catch (PunetException e) {
			throw new PunetException(source + ": " + e.getMessage(), e);
		}
	}
}
