package io.github.punetfiji.api;

import io.github.punetfiji.data.Intensity;
import java.nio.file.Path;

/**
 * Segment every image of a folder and write {@code <out>/<stem>_labels.nii.gz} (CLI {@code --mode
 * predict}); with a mask folder also score them and write {@code <out>/metrics.csv} ({@code --mode test}).
 *
 * @param model the {@code .punet} file ({@code --ckpt})
 * @param dirImages the images ({@code --dir_images})
 * @param dirMasks reference masks matched by file name ({@code --dir_masks}); {@code null} = no scoring
 * @param out output folder ({@code --out}), created if missing, refused inside an input folder
 * @param labelIndices classes to prompt for; empty = all trained classes
 * @param overlap {@code --sliding_window_overlap}
 * @param saveProbabilities {@code --save_probabilities}
 * @param intensity {@code --intensity}; {@code null} = the model's own
 * @param compute device and threads
 * @param blending how overlapping windows are blended ({@code --blending}): {@code constant} (the reference) or {@code gaussian}
 * @param batchSize windows per forward ({@code --batch_size}, default 4)
 */
public record SegmentFolderRequest(Path model, Path dirImages, Path dirMasks, Path out, int[] labelIndices, double overlap,
		boolean saveProbabilities, Intensity intensity, Compute compute, String blending, int batchSize) {
	/** A request with constant blending and 4 windows per forward. */
	public SegmentFolderRequest(Path model, Path dirImages, Path dirMasks, Path out, int[] labelIndices, double overlap,
			boolean saveProbabilities, Intensity intensity, Compute compute) {
		this(model, dirImages, dirMasks, out, labelIndices, overlap, saveProbabilities, intensity, compute, null,
				Requests.DEFAULT_BATCH_SIZE);
	}

	public SegmentFolderRequest {
		Requests.required(model, "--ckpt (the .punet model file)");
		Requests.required(dirImages, "--dir_images");
		Requests.required(out, "--out");
		labelIndices = Requests.copy(labelIndices);
		Requests.overlap(overlap);
		blending = Requests.blending(blending);
		Requests.batchSize(batchSize);
		compute = compute == null ? Compute.DEFAULT : compute;
	}
}
