package io.github.punetfiji.train;

import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.NpyArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loss history of a run: {@code losses.csv} ({@code step,epoch,loss,<each part>,lr,lr_instructions})
 * and {@code losses.png} (ImageJ 1 {@code Plot}, which renders headless). Kept in checkpoints so a resumed
 * run writes the whole curve.
 */
public final class LossLog {
	static final List<String> PARTS = List.of("seg_s0", "seg_s1", "contrastive_s0", "contrastive_s1");
	private final List<double[]> rows = new ArrayList<>(); // step, epoch, all, parts..., lr, lrInstructions

	public void add(TrainingEvent e) {
		double[] r = new double[5 + PARTS.size()];
		r[0] = e.step();
		r[1] = e.epoch();
		r[2] = e.loss();
		for (int k = 0; k < PARTS.size(); k++) r[3 + k] = e.losses().getOrDefault(PARTS.get(k), 0.0);
		double[] lr = e.learningRates();
		r[3 + PARTS.size()] = lr.length > 0 ? lr[0] : 0;
		r[4 + PARTS.size()] = lr.length > 1 ? lr[1] : 0;
		rows.add(r);
	}

	public int size() {
		return rows.size();
	}

	/** The total loss of every step so far. */
	public double[] totals() {
		return rows.stream().mapToDouble(r -> r[2]).toArray();
	}

	public void writeCsv(Path file) {
		StringBuilder b = new StringBuilder("step,epoch,loss," + String.join(",", PARTS) + ",lr,lr_instructions\n");
		for (double[] r : rows) {
			b.append((long) r[0]).append(',').append((long) r[1]);
			for (int k = 2; k < r.length; k++) b.append(',').append(String.format(Locale.ROOT, "%.8g", r[k]));
			b.append('\n');
		}
		byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(file, out -> out.write(bytes));
	}

	public void writePlot(Path file) {
		double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
		double[] y = totals();
		ij.gui.Plot plot = new ij.gui.Plot("PUNet training loss", "step", "loss");
		plot.setSize(640, 400);
		plot.addPoints(x, y, ij.gui.Plot.LINE);
		if (x.length > 0) plot.setLimitsToFit(false);
		java.awt.image.BufferedImage img = plot.getProcessor().getBufferedImage();
		AtomicFiles.write(file, out -> javax.imageio.ImageIO.write(img, "png", out));
	}

	/** The history as arrays for a checkpoint. */
	public Map<String, NpyArray> state() {
		Map<String, NpyArray> m = new LinkedHashMap<>();
		int n = rows.size(), w = 5 + PARTS.size();
		float[] flat = new float[n * w];
		double[] flatD = new double[n * w];
		for (int i = 0; i < n; i++) for (int k = 0; k < w; k++) flatD[i * w + k] = rows.get(i)[k];
		for (int i = 0; i < flat.length; i++) flat[i] = (float) flatD[i];
		m.put("history", NpyArray.ofFloats(new long[] {n, w}, flat));
		return m;
	}

	public void load(Map<String, NpyArray> state) {
		rows.clear();
		NpyArray h = state.get("history");
		if (h == null) return;
		long[] s = h.shape();
		double[] v = h.toDoubles();
		for (int i = 0; i < s[0]; i++) {
			double[] r = new double[(int) s[1]];
			System.arraycopy(v, (int) (i * s[1]), r, 0, r.length);
			rows.add(r);
		}
	}
}
