package io.github.punetfiji.cli;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.PunetModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./punet export --ckpt M.punet --out DIR}: writes {@code DIR/model.json} and
 * {@code DIR/weights.npz} (reference names; {@code numpy.load} + {@code torch.from_numpy} give a
 * {@code state_dict} the reference loads with {@code strict=True}). The model is checked by building
 * its network first. Both files are written atomically; if the second write fails, the first is removed
 * again unless it replaced an older file.
 */
final class ExportCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		Path ckpt = args.requiredPath("ckpt");
		Path dir = args.requiredPath("out");
		args.finish();
		if (Files.exists(dir) && !Files.isDirectory(dir)) throw new PunetException("--out: " + dir + " is a file; give a folder");
		ModelFile file;
		try (NDManager base = NDManager.newBaseManager(ai.djl.Device.cpu()); PunetModel model = PunetModel.load(ckpt, base)) {
			file = model.toModelFile();
		}
		byte[] json = file.metadataJson().getBytes(StandardCharsets.UTF_8);
		byte[] npz;
		try {
			npz = file.weightsNpz();
		} catch (IOException e) {
			throw new PunetException("cannot encode the weights of " + ckpt + ": " + AtomicFiles.describe(e), e);
		}
		Path weights = dir.resolve(ModelFile.WEIGHTS);
		Path meta = dir.resolve(ModelFile.MODEL_JSON);
		boolean replaced = Files.exists(weights);
		AtomicFiles.write(weights, o -> {
			o.write(npz);
			o.flush();
		});
		try {
			AtomicFiles.write(meta, o -> {
				o.write(json);
				o.flush();
			});
		} catch (PunetException e) {
			if (!replaced) {
				try {
					Files.deleteIfExists(weights);
				} catch (IOException ignored) {
					// best effort; the error below names the folder
				}
			}
			throw e;
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("out", dir.toString());
		summary.put("files", java.util.List.of(ModelFile.MODEL_JSON, ModelFile.WEIGHTS));
		summary.put("tensors", file.weights().size());
		out.println(Json.write(summary));
		return 0;
	}

	@Override
	public String usage() {
		return "export --ckpt M.punet --out DIR   write DIR/model.json and DIR/weights.npz (reference state_dict names)";
	}
}
