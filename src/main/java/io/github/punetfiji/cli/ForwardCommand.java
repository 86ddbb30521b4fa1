package io.github.punetfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.io.Npy;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.io.Npz;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.model.file.RawForward;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./punet forward --ckpt M.punet --input X.npy --out Y.npz}: one raw forward of the network on a
 * {@code (B, C, H, W, D)} float32 tensor, writing {@code dense} (final output) and {@code embedded}
 * (latents before the head) — the hook for parity checks. Without {@code --label_indices} every class
 * is active for every sample. {@code --device} as every subcommand ({@link io.github.punetfiji.model.runtime.Devices}); the
 * device used is reported on stderr.
 */
final class ForwardCommand implements Subcommand {
	static final long MAX_INPUT_BYTES = 2L << 30;

	@Override
	public int run(Args args, PrintStream out) {
		return run(args, out, System.err);
	}

	@Override
	public int run(Args args, PrintStream out, PrintStream err) {
		Path ckpt = args.requiredPath("ckpt");
		Path input = args.requiredPath("input");
		Path outFile = args.requiredPath("out");
		String labels = args.string("label_indices", null);
		String modeLoss = args.choice("mode_loss", "both", "both", "self");
		boolean train = args.flag("train_mode");
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		CliFiles.checkOutput(outFile, "out", false, ckpt, input);
		if (!Files.isRegularFile(input)) throw new PunetException("--input: no such file: " + input);
		NpyArray x = Npy.read(input, MAX_INPUT_BYTES);

		Device device = compute.resolve(err);
		Map<String, NpyArray> result;
		try (NDManager base = NDManager.newBaseManager(device); PunetModel model = PunetModel.load(ckpt, base)) {
			PunetConfig c = model.metadata().config();
			try {
				RawForward.checkInput(x, c.inChannels());
			} catch (PunetException e) {
				throw new PunetException("--input " + input + ": " + e.getMessage(), e);
			}
			int[][] li = labels == null ? null : parseLabelIndices(labels, (int) x.shape()[0], c.outChannels());
			try {
				if (li != null) RawForward.checkLabelIndices(li, li.length, c);
			} catch (PunetException e) {
				throw new PunetException("flag --label_indices: " + e.getMessage(), e);
			}
			result = RawForward.run(model, x, li, modeLoss.equals("self") ? PunetNetwork.Mode.SELF : PunetNetwork.Mode.BOTH, train);
		}
		AtomicFiles.write(outFile, o -> {
			Npz.write(o, result);
			o.flush();
		});
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("out", outFile.toString());
		summary.put("dense", result.get("dense").shape());
		summary.put("embedded", result.get("embedded").shape());
		summary.put("device", device.isGpu() ? "gpu" : "cpu");
		out.println(Json.write(summary));
		return 0;
	}

	/**
	 * Parses {@code 1,1,0,0;1,0,0,1}: one row per sample separated by {@code ;}, one 0/1 value per class
	 * separated by {@code ,}.
	 */
	static int[][] parseLabelIndices(String text, int batch, int outChannels) {
		String[] rows = text.trim().split("\\s*;\\s*", -1);
		if (rows.length != batch) {
			throw new PunetException("flag --label_indices has " + rows.length + " row(s) but the input batch has " + batch
					+ " sample(s); give one row per sample, rows separated by ';' (e.g. 1,1,0,0;1,0,0,1)");
		}
		int[][] li = new int[batch][];
		for (int b = 0; b < batch; b++) {
			String[] values = rows[b].trim().split("\\s*,\\s*", -1);
			if (values.length != outChannels) {
				throw new PunetException("flag --label_indices row " + (b + 1) + " ('" + rows[b] + "') has " + values.length
						+ " value(s), the model has " + outChannels + " classes (out_channels)");
			}
			li[b] = new int[outChannels];
			for (int k = 0; k < outChannels; k++) {
				if (!values[k].equals("0") && !values[k].equals("1")) {
					throw new PunetException("flag --label_indices row " + (b + 1) + ": '" + values[k] + "' is not 0 or 1");
				}
				li[b][k] = values[k].equals("1") ? 1 : 0;
			}
		}
		return li;
	}

	@Override
	public String usage() {
		return "forward --ckpt M.punet --input X.npy [--label_indices 1,1,0,0;1,0,0,1] [--mode_loss both|self] [--train_mode] "
				+ "[--device auto|cpu|gpu] [--threads N] --out Y.npz\n"
				+ "                                 run the raw network once on a (B,C,H,W,D) float32 tensor; writes dense and embedded";
	}
}
