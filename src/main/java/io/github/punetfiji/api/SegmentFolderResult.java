package io.github.punetfiji.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link SegmentFolderRequest}.
 *
 * @param written the label (and probability) files written
 * @param metrics {@code metrics.csv}, or {@code null} without masks
 * @param meanDice mean Dice over subjects and classes; {@code NaN} without masks
 * @param perClassDice class index → mean Dice; empty without masks
 * @param device the device that ran
 */
public record SegmentFolderResult(List<Path> written, Path metrics, double meanDice, Map<Integer, Double> perClassDice, String device) {
	public SegmentFolderResult {
		written = List.copyOf(written);
		perClassDice = Map.copyOf(perClassDice);
	}
}
