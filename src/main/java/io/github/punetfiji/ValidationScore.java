package io.github.punetfiji;

import java.util.Map;

/**
 * One validation pass of a training run ({@code train.Validation}): the validation Dice ({@code val_dice}: the mean
 * over the scored classes), each
 * class's Dice over every scored voxel together, the classes' names, how many slices were scored and how long it took.
 *
 * @param dice the mean of {@link #perClass} over the classes
 * @param perClass Dice by class index, ascending
 * @param classNames a name per class index of {@link #perClass}
 * @param slices the number of slices scored
 * @param seconds the wall time of the pass
 */
public record ValidationScore(double dice, Map<Integer, Double> perClass, Map<Integer, String> classNames, int slices, double seconds) {
	public ValidationScore {
		perClass = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perClass));
		classNames = Map.copyOf(classNames);
	}
}
