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
 * @param images the number of images segmented
 * @param windows the windows run over all images
 * @param millisPerWindow the mean forward time per window
 * @param summary the scores as {@code --mode test} prints them ({@code mean_dice}, per class, …); empty without masks
 * @param trainableFraction the model's trainable fraction of parameters ({@code model.json}); null when it does not say
 */
public record SegmentFolderResult(List<Path> written, Path metrics, double meanDice, Map<Integer, Double> perClassDice, String device,
		int images, long windows, double millisPerWindow, Map<String, Object> summary, Double trainableFraction) {
	public SegmentFolderResult {
		written = List.copyOf(written);
		perClassDice = Map.copyOf(perClassDice);
		summary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summary));
	}
}
