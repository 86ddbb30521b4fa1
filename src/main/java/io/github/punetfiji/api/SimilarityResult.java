package io.github.punetfiji.api;

import io.github.punetfiji.data.Volume;

/**
 * The result of {@link SimilarityRequest}.
 *
 * @param map float32 cosine similarities in [-1, 1], in the input's space
 * @param device the device that ran
 */
public record SimilarityResult(Volume<?> map, String device) {}
