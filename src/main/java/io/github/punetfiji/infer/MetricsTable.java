package io.github.punetfiji.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores of several subjects: the {@code metrics.csv} of {@code --mode test} and its summary.
 *
 * <p>{@code subject,class,dice,hd95}: one row per subject and class (class = the dataset's label value),
 * then {@code mean,<class>,…} per class and {@code mean,all,…} over every row. Means skip NaN (an HD95
 * with an empty mask); a mean of nothing is NaN, written {@code nan}.
 */
public final class MetricsTable {
	private record Row(String subject, SegmentationMetrics.Score score) {}

	private final List<Row> rows = new ArrayList<>();

	public void add(String subject, List<SegmentationMetrics.Score> scores) {
		for (SegmentationMetrics.Score s : scores) rows.add(new Row(subject, s));
	}

	public boolean isEmpty() {
		return rows.isEmpty();
	}

	/** Mean Dice per class (key: label value, ascending). */
	public Map<Integer, Double> meanDicePerClass() {
		Map<Integer, Double> out = new TreeMap<>();
		for (int label : labels()) out.put(label, mean(label, true));
		return out;
	}

	/** Mean Dice over every row. */
	public double meanDice() {
		return mean(null, true);
	}

	/** The CSV text, with a header and a final newline. */
	public String csv() {
		StringBuilder b = new StringBuilder("subject,class,dice,hd95\n");
		for (Row r : rows) line(b, r.subject, String.valueOf(r.score.label()), r.score.dice(), r.score.hd95());
		for (int label : labels()) line(b, "mean", String.valueOf(label), mean(label, true), mean(label, false));
		line(b, "mean", "all", mean(null, true), mean(null, false));
		return b.toString();
	}

	/** The summary line's {@code mean_dice} and {@code per_class} (label value → mean Dice). */
	public Map<String, Object> summary() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("mean_dice", meanDice());
		Map<String, Object> per = new LinkedHashMap<>();
		for (Map.Entry<Integer, Double> e : meanDicePerClass().entrySet()) per.put(String.valueOf(e.getKey()), e.getValue());
		m.put("per_class", per);
		return m;
	}

	private List<Integer> labels() {
		return rows.stream().map(r -> r.score.label()).distinct().sorted().toList();
	}

	private double mean(Integer label, boolean dice) {
		double sum = 0;
		int n = 0;
		for (Row r : rows) {
			if (label != null && r.score.label() != label) continue;
			double v = dice ? r.score.dice() : r.score.hd95();
			if (Double.isNaN(v)) continue;
			sum += v;
			n++;
		}
		return n == 0 ? Double.NaN : sum / n;
	}

	private static void line(StringBuilder b, String subject, String cls, double dice, double hd) {
		b.append(csvField(subject)).append(',').append(cls).append(',').append(num(dice)).append(',').append(num(hd)).append('\n');
	}

	private static String num(double v) {
		return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.6f", v);
	}

	private static String csvField(String s) {
		return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}
}
