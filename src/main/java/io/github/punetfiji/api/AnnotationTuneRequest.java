package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prompt-tune a frozen model to one new structure from the user's annotation of a few slices of an image in memory
 * (Fiji: Prompt-tune from Annotations), then segment that image with the tuned model. The image and its sparse
 * annotation are written as NIfTI into the run's folder and trained on by the folder-based prompt tuning
 * ({@code --mode fit --downstream --annotated_slices …}), so every run can be repeated from the command line.
 *
 * @param model the frozen pre-trained model ({@code --ckpt}, a {@code .punet} file)
 * @param image the 2D or 3D grey image; not modified
 * @param annotation the sparse annotation on the image's grid, one value per voxel: {@link #STRUCTURE} inside the new
 *     structure, {@link #BACKGROUND} outside it on an annotated slice, {@link #UNLABELLED} where nobody annotated (a slice
 *     holding any other value is annotated); not modified
 * @param classIndex the class index the structure is learnt as ({@code --label_indices_downstream_active}); not a base
 *     class of the model
 * @param className the structure's name, for display; blank = the model's name of that class
 * @param out the output folder: {@code model.punet} (the latest result) and one folder per run; null = next to the model
 * @param startOver true: start from {@code model} even when {@code out} holds an earlier result for this image and class
 *     (false: continue from that result's prompts)
 * @param steps optimiser steps ({@code --max_steps})
 * @param batchSize {@code --batch_size}
 * @param learningRatePrompts {@code --learning_rate_instructions_downstream}
 * @param seed {@code --seed}
 * @param intensity {@code --intensity}; null = the model's own
 * @param compute device and threads
 */
public record AnnotationTuneRequest(Path model, Volume<?> image, Volume<?> annotation, int classIndex, String className, Path out,
		boolean startOver,
		int steps, int batchSize, double learningRatePrompts, long seed, Intensity intensity, Compute compute) {
	/** An annotation value: outside the structure, on an annotated slice. */
	public static final int BACKGROUND = 0;
	/** An annotation value: inside the structure. */
	public static final int STRUCTURE = 1;
	/** An annotation value: nobody annotated this voxel (the training's unlabelled value). */
	public static final int UNLABELLED = 255;

	public AnnotationTuneRequest {
		Requests.required(model, "model (the pre-trained .punet model)");
		Requests.required(image, "image");
		Requests.required(annotation, "annotation (ROIs or a label image)");
		if (!Arrays.equals(image.dims(), annotation.dims())) {
			throw new PunetException(
					"the annotation " + annotation.source() + " is " + size(annotation.dims()) + " but the image " + image.source() + " is "
							+ size(image.dims()) + "; the annotation must cover the image voxel for voxel");
		}
		if (classIndex < 1)
			throw new PunetException("class_index needs a class index of 1 or more (0 is the background), got " + classIndex);
		className = className == null ? "" : className.trim();
		if (steps < 1) throw new PunetException("steps needs 1 or more, got " + steps);
		if (batchSize < 1) throw new PunetException("batch_size needs 1 or more, got " + batchSize);
		if (!(learningRatePrompts > 0) || Double.isInfinite(learningRatePrompts)) {
			throw new PunetException("learning_rate_instructions_downstream needs a positive value, got " + learningRatePrompts);
		}
		compute = compute == null ? Compute.DEFAULT : compute;
	}

	/** {@code 160×160×48}. */
	static String size(long[] dims) {
		return dims[0] + "×" + dims[1] + "×" + dims[2];
	}
}
