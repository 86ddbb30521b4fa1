package io.github.punetfiji.api;

import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.model.runtime.EngineThread;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The one front door to PUNet's operations: the Fiji service ({@code fiji.DefaultPunetService}) and the command line
 * ({@code cli}) call these methods with the request records of this package, and nothing else of the engines. Each
 * request is validated when it is built (its record constructor) and here; the engines ({@code train}, {@code infer})
 * trust what they get. Every long operation takes a {@link Progress} (progress, training steps, cancel).
 */
public final class Punet {
	private Punet() {}

	/** Pre-training (phase 1): self-supervision (CPA) with segmentation supervision, depending on the loss. */
	public static TrainResult pretrain(TrainRequest request, Progress progress) {
		return EngineThread.call(() -> Training.pretrain(request, progress));
	}

	/** Prompt tuning (phase 2): adapts a pre-trained model to new classes; by default only their prompts learn. */
	public static TrainResult promptTune(PromptTuneRequest request, Progress progress) {
		return EngineThread.call(() -> Training.promptTune(request, progress));
	}

	/**
	 * Prompt tuning from an annotated image in memory: learns one new structure from the slices the user annotated (true
	 * prompt tuning, the adaptation defaults), continuing from the output folder's last result unless told to start over,
	 * and segments the image with the tuned model ({@link AnnotationTuneRequest}).
	 */
	public static AnnotationTuneResult promptTuneAnnotations(AnnotationTuneRequest request, Progress progress) {
		return EngineThread.call(() -> AnnotationTuning.run(request, progress));
	}

	/**
	 * A training run as {@code --mode fit} names it (pre-training, or with {@code downstream} in its config the adaptation
	 * of {@code ckpt}); {@link #pretrain} and {@link #promptTune} come here too.
	 */
	public static TrainResult fit(FitRequest request, Progress progress) {
		return EngineThread.call(() -> Training.fit(request, progress));
	}

	/** Segments one image in memory. */
	public static SegmentResult segment(SegmentRequest request, Progress progress) {
		return EngineThread.call(() -> Inference.segment(request, progress));
	}

	/** Segments every image of a folder, and scores them when masks are given. */
	public static SegmentFolderResult segmentFolder(SegmentFolderRequest request, Progress progress) {
		return EngineThread.call(() -> Inference.segmentFolder(request, progress));
	}

	/**
	 * Refuses a folder request's bad inputs (a missing model file, no images, an output folder inside an input) before any
	 * model is loaded; {@link #segmentFolder} does the same first.
	 */
	public static void checkFolders(SegmentFolderRequest request) {
		Inference.checkFolders(request);
	}

	/** The similarity map of the embedding at a point (the paper's figures 3 and 4). */
	public static SimilarityResult similarity(SimilarityRequest request, Progress progress) {
		return EngineThread.call(() -> Inference.similarity(request, progress));
	}

	/**
	 * Loads a model for many similarity maps (a tool that recomputes the map at each point clicked): the caller closes the
	 * session, which frees the model.
	 *
	 * @throws io.github.punetfiji.PunetException for a missing or unreadable model file
	 */
	public static SimilaritySession openSimilarity(Path model, Compute compute) {
		return SimilaritySession.open(model, compute);
	}

	/**
	 * Refuses a point outside the image or without three coordinates (the message {@link #similarity} gives), before a model
	 * is loaded.
	 */
	public static void checkPoint(int[] point, Volume<?> image) {
		Requests.point(point);
		io.github.punetfiji.infer.SimilarityMap.checkPoint(point, image.dims());
	}

	/** Dice (and HD95) per class of a label image against a reference. */
	public static EvaluationResult evaluate(EvaluateRequest request, Progress progress) {
		return Inference.evaluate(request, progress);
	}

	/** Dims, spacing, voxel type and value range of an image file or DICOM folder. */
	public static ImageInfo info(Path file) {
		Volume<?> v = Volumes.open(file);
		double[] range = Intensity.range(v.image());
		return new ImageInfo(file.toString(), v.dims(), v.spacing(), v.type().label, range[0], range[1]);
	}

	/**
	 * What a model file says about itself, as {@code ./punet info M.punet} prints it: the preset, the classes, the prompts
	 * trained, the steps, {@code stopped_at_step} (the step a stopped training saved it at; null for a finished run),
	 * the validation that chose it (a {@code best.punet}: step, Dice per class), whether it holds a training state (a checkpoint,
	 * to continue from), when and by which command it was made.
	 */
	public static java.util.Map<String, Object> modelInfo(Path file) {
		io.github.punetfiji.model.file.ModelFile f = io.github.punetfiji.model.file.ModelFile.read(file);
		io.github.punetfiji.model.file.ModelMetadata md = f.metadata();
		java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
		m.put("file", file.toString());
		m.put("preset", md.preset());
		java.util.Map<String, Object> classes = new java.util.LinkedHashMap<>();
		md.classes().forEach((k, v) -> classes.put(String.valueOf(k), v));
		m.put("classes", classes);
		m.put("trained_prompts", Arrays.stream(md.trainedPrompts()).mapToObj(k -> (Object) (long) k).toList());
		m.put("steps", md.provenance().get("steps"));
		m.put("stopped_at_step", md.provenance().get("stopped_at_step"));
		m.put("validation", md.provenance().get("validation"));
		m.put("checkpoint", f.training() != null);
		m.put("created", md.provenance().get("created"));
		m.put("command", md.provenance().get("command"));
		return m;
	}

	/** Writes the synthetic CT sample data ({@code images/}, {@code labels/}, {@code labels.json}). */
	public static SampleData.Summary sampleData(SampleDataRequest r, Progress progress) {
		progress.checkCancelled("sample data generation");
		progress.report(0, "generating " + r.subjects() + " synthetic subjects in " + r.out());
		// NB: SampleData.write has no progress hook; it runs all subjects in parallel, so cancel is polled around it.
		SampleData.Summary summary = SampleData.write(r.out(), r.subjects(), r.seed(), r.dims(), r.commandLine(),
				Runtime.getRuntime().availableProcessors());
		progress.report(1, "wrote " + r.subjects() + " subjects to " + r.out());
		return summary;
	}

	/**
	 * Puts the native runtime's settings (huge pages, passive OpenMP waits) into the environment before anything loads
	 * libtorch ({@code model.TorchRuntime.prepare}); an entry point calls it first.
	 *
	 * @throws PunetException for a local libtorch that cannot work
	 */
	public static void prepareRuntime() {
		io.github.punetfiji.model.runtime.TorchRuntime.prepare();
	}

	/** The runtime's facts (engine, device, CPU, kernel check) as pretty JSON. */
	public static String systemCheck() {
		return io.github.punetfiji.io.Json.writePretty(io.github.punetfiji.model.runtime.RuntimeFacts.describe(), 2);
	}
}
