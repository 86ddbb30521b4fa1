package io.github.punetfiji.fiji;

import io.github.punetfiji.api.EvaluateRequest;
import io.github.punetfiji.api.EvaluationResult;
import io.github.punetfiji.api.ImageInfo;
import io.github.punetfiji.Progress;
import io.github.punetfiji.api.PromptTuneRequest;
import io.github.punetfiji.api.SegmentFolderRequest;
import io.github.punetfiji.api.SegmentFolderResult;
import io.github.punetfiji.api.SegmentRequest;
import io.github.punetfiji.api.SegmentResult;
import io.github.punetfiji.api.SimilarityRequest;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.api.TrainRequest;
import io.github.punetfiji.api.TrainResult;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.synth.SampleData;
import java.nio.file.Path;
import org.scijava.service.SciJavaService;

/**
 * Every PUNet operation that a Fiji command (or the command line) runs: one method per operation, taking
 * a request and a {@link Progress}, returning a result. The commands only build requests and show
 * results; all behaviour is here and below.
 *
 * <p>Errors the user can act on are {@link io.github.punetfiji.PunetException}s whose message names the
 * value at fault; a cancelled operation throws {@link io.github.punetfiji.CancelledException}; an
 * option that is not built yet throws {@link UnsupportedOperationException} with a message saying so.
 * Long operations poll {@link Progress#checkCancelled} between steps.
 */
public interface PunetService extends SciJavaService {

	/** Opens an image (NIfTI-1, TIFF or DICOM, see {@link io.github.punetfiji.data.Volumes#SUPPORTED}). */
	Volume<?> open(Path file);

	/** Saves a volume as NIfTI-1 ({@code .nii}, {@code .nii.gz}) or TIFF, atomically. */
	void save(Volume<?> volume, Path file);

	/** Dimensions, spacing, type and value range of an image file. */
	ImageInfo info(Path file);

	/**
	 * What this machine computes with, as JSON (engine, libtorch, GPUs, threads, OpenMP wait policy, the CPU
	 * instruction-set level the native-kernel guard chose and its self-check's verdict), as {@code ./punet doctor}.
	 */
	String systemCheck();

	/**
	 * Writes the synthetic abdominal CT sample data ({@code images/}, {@code labels/}, {@code labels.json},
	 * {@code README.md}) as {@code ./punet sample-data} does.
	 *
	 * @param dims grid size {x, y, z}
	 */
	SampleData.Summary sampleData(Path out, int subjects, long seed, int[] dims, Progress progress);

	/** Segments one image with a model (sliding windows). */
	SegmentResult segment(SegmentRequest request, Progress progress);

	/** Segments every image of a folder and writes the label images (and scores them against masks). */
	SegmentFolderResult segmentFolder(SegmentFolderRequest request, Progress progress);

	/** Pre-trains a model (phase 1) and writes it. */
	TrainResult train(TrainRequest request, Progress progress);

	/** Adapts a pre-trained model to new classes (phase 2, prompt tuning by default) and writes it. */
	TrainResult promptTune(PromptTuneRequest request, Progress progress);

	/**
	 * Prompt-tunes a model to one new structure from an annotated image in memory and segments the image with the result
	 * (continuing from the output folder's last result unless told to start over).
	 */
	io.github.punetfiji.api.AnnotationTuneResult promptTuneAnnotations(io.github.punetfiji.api.AnnotationTuneRequest request,
			Progress progress);

	/** The similarity map of the embedding at one voxel. */
	SimilarityResult similarity(SimilarityRequest request, Progress progress);

	/**
	 * A model kept loaded for many similarity maps (the live explorer: a map per point clicked); the caller closes it.
	 */
	io.github.punetfiji.api.SimilaritySession openSimilarity(Path model, io.github.punetfiji.api.Compute compute);

	/** Dice (and HD95) per class of a label image against a reference. */
	EvaluationResult evaluate(EvaluateRequest request, Progress progress);
}
