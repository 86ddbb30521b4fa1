package io.github.punetfiji.cli;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.io.Npz;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./punet convert --weights W.npz --config C.json --out M.punet}: a model file from reference
 * {@code state_dict} arrays (plain names, or under {@code param/} as in the parity fixtures) and a
 * config. {@code C.json} is the reference's argparse namespace as a JSON object, or an object holding
 * it under {@code config} (the fixtures' sidecars), or an exported {@code model.json} (whose class
 * names, label indices, intensity, spacing and trained prompts are kept).
 */
final class ConvertCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) throws Exception {
		return run(args, out, System.err);
	}

	@Override
	public int run(Args args, PrintStream out, PrintStream err) {
		Path weightsFile = args.requiredPath("weights");
		Path configFile = args.requiredPath("config");
		Path outFile = args.requiredPath("out");
		Path classesFile = args.path("classes", null);
		String intensity = args.choice("intensity", null, ModelMetadata.INTENSITY_MODES.toArray(new String[0]));
		List<String> spacing = args.list("spacing");
		boolean noOverwrite = args.flag("no_overwrite");
		args.finish();
		CliFiles.checkOutput(outFile, "out", noOverwrite, weightsFile, configFile, classesFile);

		ModelMetadata.Builder md = metadata(CliFiles.readJsonObject(configFile, "config"), configFile).toBuilder();
		if (classesFile != null) {
			md.classes(classNames(CliFiles.readJson(classesFile, "classes"), classesFile));
			CliFiles.buildMetadata(md, "--classes " + classesFile); // NB: checks the names against the config now, naming their file.
		}
		if (intensity != null) md.intensity(intensity);
		if (spacing != null) {
			md.spacing(CliFiles.spacing(spacing));
			CliFiles.buildMetadata(md, "flag --spacing");
		}
		md.provenance("created", ModelMetadata.now()).provenance("software", ModelMetadata.software())
				.provenance("command", "convert --weights " + weightsFile.getFileName() + " --config " + configFile.getFileName())
				.provenance("parent", weightsFile.getFileName().toString());
		ModelMetadata metadata = CliFiles.buildMetadata(md, configFile.toString());

		Map<String, NpyArray> arrays = Npz.read(weightsFile, ModelFile.MAX_WEIGHTS_BYTES);
		String prefix = arrays.keySet().stream().anyMatch(k -> k.startsWith("param/")) ? "param/" : "";
		try (NDManager base = NDManager.newBaseManager(ai.djl.Device.cpu());
				PunetModel model = PunetModel.of(metadata, arrays, prefix, weightsFile.toString(), base)) {
			ModelFile file = model.toModelFile();
			file.write(outFile);
			long elements = file.weights().values().stream().mapToLong(NpyArray::size).sum();
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("out", outFile.toString());
			summary.put("tensors", file.weights().size());
			summary.put("elements", elements);
			summary.put("classes", metadata.classes().size());
			out.println(Json.write(summary));
		}
		return 0;
	}

	@SuppressWarnings("unchecked")
	private static ModelMetadata metadata(Map<String, Object> json, Path file) {
		if (json.containsKey("format") || json.containsKey("format_version")) return ModelMetadata.fromJson(json, file.toString());
		Object config = json.get("config") instanceof Map ? json.get("config") : json;
		try {
			return ModelMetadata.of(PunetConfig.fromMap((Map<String, Object>) config));
		} catch (PunetException e) {
			throw new PunetException(file + ": " + e.getMessage(), e);
		}
	}

	/** {@code {"0": "background", "1": "liver"}} or {@code ["background", "liver"]}. */
	private static Map<Integer, String> classNames(Object json, Path file) {
		Map<Integer, String> names = new LinkedHashMap<>();
		if (json instanceof List) {
			List<?> l = (List<?>) json;
			for (int k = 0; k < l.size(); k++) names.put(k, name(l.get(k), file));
		} else if (json instanceof Map) {
			for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
				try {
					names.put(Integer.parseInt(e.getKey().toString()), name(e.getValue(), file));
				} catch (NumberFormatException x) {
					throw new PunetException(file + ": class keys must be class indices (\"0\", \"1\", …), got '" + e.getKey() + "'");
				}
			}
		} else {
			throw new PunetException(file + " must hold a list of class names or an object {\"index\": \"name\"}");
		}
		return names;
	}

	private static String name(Object o, Path file) {
		if (!(o instanceof String)) throw new PunetException(file + ": class names must be strings, got " + o);
		return (String) o;
	}

	@Override
	public String usage() {
		return "convert --weights W.npz --config C.json --out M.punet [--classes names.json] [--intensity ct|percentile|none] "
				+ "[--spacing sx,sy,sz]\n"
				+ "                                 build a model file from reference state_dict weights and an argparse config";
	}
}
