package io.github.punetfiji.api;

import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import java.nio.file.Path;

/**
 * Segment one image in memory (Fiji: Segment Image; the CLI's {@code --mode predict} runs it per file).
 *
 * @param model the {@code .punet} file ({@code --ckpt})
 * @param image the 2D or 3D image; not modified
 * @param labelIndices the classes to prompt for; empty = every class the model has trained prompts for
 * @param overlap sliding-window overlap in [0, 1) ({@code --sliding_window_overlap}, default 0.5)
 * @param probabilities whether to return per-class probability maps ({@code --save_probabilities})
 * @param intensity normalisation ({@code --intensity}); {@code null} = the model's own
 * @param compute device and threads
 * @param blending how overlapping windows are blended ({@code --blending}): {@code constant} (the reference) or {@code gaussian}
 * @param batchSize windows per forward ({@code --batch_size}, default 4)
 */
public record SegmentRequest(Path model, Volume<?> image, int[] labelIndices, double overlap, boolean probabilities, Intensity intensity,
		Compute compute, String blending, int batchSize) {
	/** A request with constant blending and 4 windows per forward. */
	public SegmentRequest(Path model, Volume<?> image, int[] labelIndices, double overlap, boolean probabilities, Intensity intensity,
			Compute compute) {
		this(model, image, labelIndices, overlap, probabilities, intensity, compute, null, Requests.DEFAULT_BATCH_SIZE);
	}

	public SegmentRequest {
		Requests.required(model, "--ckpt (the .punet model file)");
		Requests.required(image, "image");
		labelIndices = Requests.copy(labelIndices);
		Requests.overlap(overlap);
		blending = Requests.blending(blending);
		Requests.batchSize(batchSize);
		compute = compute == null ? Compute.DEFAULT : compute;
	}
}
