package io.github.punetfiji.api;

import io.github.punetfiji.data.Volume;

/**
 * The result of {@link SimilarityRequest}.
 *
 * @param map float32 cosine similarities in [-1, 1], in the input's size and space; NaN outside the region the
 *        network embedded (a 2D model: the point's slice; a 3D model: the teacher patch around the point)
 * @param device the device that ran
 */
public record SimilarityResult(Volume<?> map, String device) {}
