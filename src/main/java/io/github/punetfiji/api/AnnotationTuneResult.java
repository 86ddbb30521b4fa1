package io.github.punetfiji.api;

import io.github.punetfiji.data.Volume;
import java.nio.file.Path;

/**
 * The result of {@link AnnotationTuneRequest}.
 *
 * @param model {@code <out>/model.punet}: the latest tuned model
 * @param run the run's folder ({@code <out>/run_NNN}: its image, annotation, model, {@code losses.csv})
 * @param startedFrom the model the run started from: the pre-trained model, or the previous result it continued
 * @param continued whether it continued from a previous result
 * @param annotatedSlices the slices trained on (z from 0)
 * @param className the structure's name
 * @param labels the image segmented with the tuned model for the new class only: its label value inside the structure, 0
 *     elsewhere
 * @param command the command line that repeats the run ({@code ./punet --mode fit --downstream …})
 * @param training the training's result (steps, loss, trainable fraction, device)
 */
public record AnnotationTuneResult(Path model, Path run, Path startedFrom, boolean continued, int[] annotatedSlices, String className,
		Volume<?> labels,
		String command, TrainResult training) {
	public AnnotationTuneResult {
		annotatedSlices = annotatedSlices.clone();
	}

	@Override
	public int[] annotatedSlices() {
		return annotatedSlices.clone();
	}
}
