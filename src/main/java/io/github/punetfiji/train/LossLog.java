package io.github.punetfiji.train;

import io.github.punetfiji.ValidationScore;
import io.github.punetfiji.TrainingStep;
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
 * The loss history of a run: {@code losses.csv} ({@code step,epoch,loss,<each part>,lr,lr_instructions}, and with
 * validation {@code val_dice,val_dice_<class>…}, empty at steps not validated) and {@code losses.png} (ImageJ 1
 * {@code Plot}, which renders headless; with validation a second panel below shows the validation Dice). Kept in
 * checkpoints so a resumed run writes the whole curve.
 */
public final class LossLog {
	static final List<String> PARTS = List.of("seg_s0", "seg_s1", "contrastive_s0", "contrastive_s1");
	private final List<double[]> rows = new ArrayList<>(); // step, epoch, all, parts..., lr, lrInstructions
	/** Step → val_dice, then one Dice per class of valClasses. */
	private final java.util.TreeMap<Integer, double[]> validation = new java.util.TreeMap<>();
	private int[] valClasses = new int[0];

	/** The classes validated from now on: their columns {@code val_dice_<class>} (earlier entries keep the classes they share). */
	public void validating(int[] classes) {
		int[] c = classes.clone();
		if (java.util.Arrays.equals(c, valClasses)) return;
		for (Map.Entry<Integer, double[]> e : validation.entrySet()) {
			double[] old = e.getValue();
			double[] now = new double[1 + c.length];
			now[0] = old[0];
			for (int k = 0; k < c.length; k++) {
				now[1 + k] = Double.NaN;
				for (int j = 0; j < valClasses.length; j++) if (valClasses[j] == c[k]) now[1 + k] = old[1 + j];
			}
			e.setValue(now);
		}
		valClasses = c;
	}

	public void add(TrainingStep e) {
		ValidationScore v = e.validation();
		if (v != null) {
			if (valClasses.length == 0) validating(v.perClass().keySet().stream().mapToInt(Integer::intValue).toArray());
			double[] d = new double[1 + valClasses.length];
			d[0] = v.dice();
			for (int k = 0; k < valClasses.length; k++) d[1 + k] = v.perClass().getOrDefault(valClasses[k], Double.NaN);
			validation.put(e.step(), d);
		}
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

	/** The Dice per class of the validation at {@code step} (class → Dice; empty if that step was not validated). */
	public Map<String, Double> validationPerClass(int step) {
		Map<String, Double> m = new LinkedHashMap<>();
		double[] v = validation.get(step);
		if (v != null)
			for (int k = 0; k < valClasses.length; k++) if (!Double.isNaN(v[1 + k])) m.put(String.valueOf(valClasses[k]), v[1 + k]);
		return m;
	}

	/** The validation Dice logged at each step validated, by step. */
	public Map<Integer, Double> validationDice() {
		Map<Integer, Double> m = new LinkedHashMap<>();
		validation.forEach((k, v) -> m.put(k, v[0]));
		return m;
	}

	/** Writes {@code losses.csv} with every step so far, atomically. */
	public void writeCsv(Path file) {
		StringBuilder b = new StringBuilder(header());
		for (int i = 0; i < rows.size(); i++) b.append(line(i));
		byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(file, out -> out.write(bytes));
	}

	/** The first line of {@code losses.csv} (with its line end): the columns, which validation may widen. */
	String header() {
		StringBuilder b = new StringBuilder("step,epoch,loss," + String.join(",", PARTS) + ",lr,lr_instructions");
		if (validates()) {
			b.append(",val_dice");
			for (int k : valClasses) b.append(",val_dice_").append(k);
		}
		return b.append('\n').toString();
	}

	/** The line of {@code losses.csv} (with its line end) of the {@code i}-th step logged. */
	String line(int i) {
		double[] r = rows.get(i);
		StringBuilder b = new StringBuilder();
		b.append((long) r[0]).append(',').append((long) r[1]);
		for (int k = 2; k < r.length; k++) b.append(',').append(String.format(Locale.ROOT, "%.8g", r[k]));
		if (validates()) {
			double[] v = validation.get((int) r[0]);
			for (int k = 0; k <= valClasses.length; k++) {
				b.append(',');
				if (v != null && !Double.isNaN(v[k])) b.append(String.format(Locale.ROOT, "%.6f", v[k]));
			}
		}
		return b.append('\n').toString();
	}

	private boolean validates() {
		return valClasses.length > 0 || !validation.isEmpty();
	}

	public void writePlot(Path file) {
		double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
		double[] y = totals();
		ij.gui.Plot plot = new ij.gui.Plot("PUNet training loss", "step", "loss");
		plot.setSize(640, 400);
		plot.addPoints(x, y, ij.gui.Plot.LINE);
		if (x.length > 0) plot.setLimitsToFit(false);
		java.awt.image.BufferedImage loss = plot.getProcessor().getBufferedImage();
		java.awt.image.BufferedImage img = validation.isEmpty() ? loss : below(loss, validationPlot(x));
		AtomicFiles.write(file, out -> javax.imageio.ImageIO.write(img, "png", out));
	}

	/** The validation Dice over the steps of the loss plot: the mean in black, each class in colour when there are several. */
	private java.awt.image.BufferedImage validationPlot(double[] steps) {
		double[] x = validation.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
		ij.gui.Plot plot = new ij.gui.Plot("PUNet validation Dice", "step", "validation Dice");
		plot.setSize(640, 300);
		double lo = steps.length > 0 ? Math.min(steps[0], x[0]) : x[0];
		double hi = steps.length > 0 ? Math.max(steps[steps.length - 1], x[x.length - 1]) : x[x.length - 1];
		plot.setLimits(lo, Math.max(hi, lo + 1), 0, 1);
		java.awt.Color[] colours = {java.awt.Color.BLUE, java.awt.Color.RED, new java.awt.Color(0, 150, 0), java.awt.Color.MAGENTA,
				java.awt.Color.ORANGE, java.awt.Color.CYAN, java.awt.Color.GRAY, java.awt.Color.PINK};
		StringBuilder legend = new StringBuilder();
		if (valClasses.length > 1) {
			for (int k = 0; k < valClasses.length; k++) {
				int col = k + 1;
				plot.setColor(colours[k % colours.length]);
				plot.addPoints(x, validation.values().stream().mapToDouble(v -> v[col]).toArray(), ij.gui.Plot.LINE);
				legend.append("class ").append(valClasses[k]).append('\n');
			}
		}
		plot.setColor(java.awt.Color.BLACK);
		plot.addPoints(x, validation.values().stream().mapToDouble(v -> v[0]).toArray(), ij.gui.Plot.CONNECTED_CIRCLES);
		if (legend.length() > 0) {
			legend.append("mean");
			plot.addLegend(legend.toString());
		}
		return plot.getProcessor().getBufferedImage();
	}

	private static java.awt.image.BufferedImage below(java.awt.image.BufferedImage top, java.awt.image.BufferedImage bottom) {
		java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(Math.max(top.getWidth(), bottom.getWidth()),
				top.getHeight() + bottom.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D g = out.createGraphics();
		g.setColor(java.awt.Color.WHITE);
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		g.drawImage(top, 0, 0, null);
		g.drawImage(bottom, 0, top.getHeight(), null);
		g.dispose();
		return out;
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
		if (!validation.isEmpty() || valClasses.length > 0) {
			int vw = 2 + valClasses.length;
			float[] v = new float[validation.size() * vw];
			int i = 0;
			for (Map.Entry<Integer, double[]> e : validation.entrySet()) {
				v[i * vw] = e.getKey();
				for (int k = 0; k < vw - 1; k++) v[i * vw + 1 + k] = (float) e.getValue()[k];
				i++;
			}
			m.put("validation", NpyArray.ofFloats(new long[] {validation.size(), vw}, v));
			m.put("validation_classes",
					NpyArray.ofLongs(new long[] {valClasses.length}, java.util.Arrays.stream(valClasses).asLongStream().toArray()));
		}
		return m;
	}

	public void load(Map<String, NpyArray> state) {
		rows.clear();
		validation.clear();
		valClasses = new int[0];
		NpyArray vc = state.get("validation_classes");
		NpyArray vs = state.get("validation");
		if (vc != null && vs != null) {
			valClasses = java.util.Arrays.stream(vc.toLongs()).mapToInt(Math::toIntExact).toArray();
			long[] s = vs.shape();
			double[] v = vs.toDoubles();
			if (s.length == 2 && s[1] == 2 + valClasses.length) {
				for (int i = 0; i < s[0]; i++)
					validation.put((int) v[(int) (i * s[1])],
							java.util.Arrays.copyOfRange(v, (int) (i * s[1] + 1), (int) ((i + 1) * s[1])));
			}
		}
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
