package io.github.punetfiji.api;

import java.nio.file.Path;

/**
 * The result of {@link TrainRequest} and {@link PromptTuneRequest}.
 *
 * @param model the {@code model.punet} written
 * @param losses {@code losses.csv}
 * @param steps optimiser steps taken
 * @param finalLoss the last logged total loss
 * @param trainableFraction trainable parameters / all parameters
 * @param device the device that ran
 */
public record TrainResult(Path model, Path losses, long steps, double finalLoss, double trainableFraction, String device) {}
