package io.github.punetfiji.api;

import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The result of {@link SimilarityRequest}.
 *
 * @param map float32 cosine similarities in [-1, 1], in the input's size and space; NaN outside the region the
 *        network embedded (a 2D model: the point's slice; a 3D model: the teacher patch around the point)
 * @param device the device that ran
 * @param regionStart the first voxel {@code x, y, z} of the embedded region
 * @param regionSize the embedded region's size in voxels
 * @param prompts the classes whose prompts were active (background first); empty without prompts
 * @param intensity the normalisation the model was trained with (for showing the image as the network saw it)
 */
public record SimilarityResult(Volume<FloatType> map, String device, long[] regionStart, int[] regionSize, int[] prompts,
		Intensity intensity) {
	public SimilarityResult {
		regionStart = regionStart.clone();
		regionSize = regionSize.clone();
		prompts = prompts.clone();
	}
}
