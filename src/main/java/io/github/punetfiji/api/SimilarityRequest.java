package io.github.punetfiji.api;

import io.github.punetfiji.data.Volume;
import java.nio.file.Path;

/**
 * The similarity map of the paper's figures 3 and 4: cosine similarity of the embedding at one voxel to
 * every other voxel, teacher view (CLI {@code similarity}).
 *
 * @param model {@code --ckpt}
 * @param image the image; not modified
 * @param point voxel {@code x, y, z} ({@code --point}; z = 0 for 2D)
 * @param withPrompts embed with the prompts of {@code labelIndices} active (otherwise without prompts)
 * @param labelIndices the class prompts to activate (background always is) when {@code withPrompts}; empty = the
 *        model's first trained class ({@code label_indices_downstream_active} or {@code label_indices_base})
 * @param compute device and threads
 */
public record SimilarityRequest(Path model, Volume<?> image, int[] point, boolean withPrompts, int[] labelIndices, Compute compute) {
	public SimilarityRequest {
		Requests.required(model, "--ckpt (the .punet model file)");
		Requests.required(image, "image");
		Requests.point(point);
		point = point.clone();
		labelIndices = Requests.copy(labelIndices);
		compute = compute == null ? Compute.DEFAULT : compute;
	}
}
