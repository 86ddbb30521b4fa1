package io.github.punetfiji.api;

import io.github.punetfiji.data.Intensity;
import java.nio.file.Path;
import java.util.Map;

/**
 * Phase 1, pre-training (CLI {@code --mode fit} without {@code --downstream}): self-supervision (CPA)
 * on every image, joined with segmentation supervision on the labelled ones, depending on the loss.
 *
 * @param dirImages {@code --dir_images}
 * @param dirMasks {@code --dir_masks} (masks matched by file name); {@code null} = self-supervision only
 * @param out {@code --out}: receives {@code model.punet}, {@code losses.csv}, {@code losses.png}, checkpoints
 * @param preset {@code --preset} ({@code 2d|3d_flat|3d_aniso|3d_large|small|tiny})
 * @param ckpt {@code --ckpt}: continue from this model; {@code null} = a new network
 * @param coldStart {@code --cold_start}: take only the weights from {@code ckpt}, not its optimiser state
 * @param loss {@code --loss} ({@code self|meta|meta_self|…_noninstructed})
 * @param labelIndicesBase {@code --label_indices_base}: the classes the masks supervise
 * @param intensity {@code --intensity}
 * @param settings optimisation settings
 * @param architecture overrides of the reference's architecture flags by name ({@code hidden_channels →
 *        "32,64,128,256,384"}); empty = the preset's
 * @param noOverwrite {@code --no_overwrite}: refuse an existing {@code out/model.punet}
 * @param compute device and threads
 * @param validation held-out validation ({@link ValidationSettings#NONE}: none); null = none
 */
public record TrainRequest(Path dirImages, Path dirMasks, Path out, String preset, Path ckpt, boolean coldStart, String loss,
		int[] labelIndicesBase, Intensity intensity, TrainingSettings settings, Map<String, String> architecture, boolean noOverwrite,
		Compute compute, ValidationSettings validation) {
	/** A request without validation. */
	public TrainRequest(Path dirImages, Path dirMasks, Path out, String preset, Path ckpt, boolean coldStart, String loss,
			int[] labelIndicesBase, Intensity intensity, TrainingSettings settings, Map<String, String> architecture, boolean noOverwrite,
			Compute compute) {
		this(dirImages, dirMasks, out, preset, ckpt, coldStart, loss, labelIndicesBase, intensity, settings, architecture, noOverwrite,
				compute, null);
	}

	public TrainRequest {
		Requests.required(dirImages, "--dir_images");
		Requests.required(out, "--out");
		Requests.required(preset, "--preset");
		Requests.required(loss, "--loss");
		Requests.required(settings, "training settings");
		labelIndicesBase = Requests.copy(labelIndicesBase);
		intensity = intensity == null ? Intensity.CT : intensity;
		architecture = architecture == null ? Map.of() : Map.copyOf(architecture);
		compute = compute == null ? Compute.DEFAULT : compute;
		validation = validation == null ? ValidationSettings.NONE : validation;
	}
}
