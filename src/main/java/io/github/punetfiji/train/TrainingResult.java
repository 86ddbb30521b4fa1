package io.github.punetfiji.train;

import java.nio.file.Path;

/** What a finished training wrote and measured. */
public record TrainingResult(Path model, int steps, double[] losses, long trainableParameters, long totalParameters, String device) {
	public double trainableFraction() {
		return trainableParameters / (double) totalParameters;
	}
}
