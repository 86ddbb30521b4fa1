package io.github.punetfiji.api;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.Progress;
import io.github.punetfiji.infer.FolderSegmentation;
import io.github.punetfiji.infer.InferenceModel;
import io.github.punetfiji.infer.MetricsTable;
import io.github.punetfiji.infer.Segmentation;
import io.github.punetfiji.infer.SegmentationMetrics;
import io.github.punetfiji.infer.SegmentationSettings;
import io.github.punetfiji.infer.SimilarityMap;
import io.github.punetfiji.infer.SlidingWindowSegmenter;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.model.file.PunetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * The inference operations of {@link Punet}: runs the inference requests through the engine:
 * {@link SlidingWindowSegmenter}, {@link FolderSegmentation}, {@link SegmentationMetrics} and
 * {@link SimilarityMap}. Progress and cancel pass straight through; a cancel ends in a
 * {@link io.github.punetfiji.CancelledException}.
 */
final class Inference {
	private Inference() {}

	/** Segments one image: labels (label values of the model), class names and probabilities keyed by label value. */
	static SegmentResult segment(SegmentRequest r, Progress progress) {
		return segment(r, progress, true);
	}

	/**
	 * @param checkDimensionality whether to check the model's windows against the image ({@link Dimensionality}); false
	 *        where the caller has
	 */
	static SegmentResult segment(SegmentRequest r, Progress progress, boolean checkDimensionality) {
		SegmentationSettings settings =
				settings(r.labelIndices(), r.overlap(), r.probabilities(), r.intensity(), r.blending(), r.batchSize());
		return withModel(r.model(), r.compute(), (model, device) -> {
			if (checkDimensionality) dimensionality(model, r.model(), progress).segmenting(r.image().dims(), r.image().source());
			InferenceModel m = InferenceModel.of(model);
			Segmentation s = new SlidingWindowSegmenter(m).segment(r.image(), settings, progress);
			int[] values = m.labelValues();
			Map<Integer, String> names = new LinkedHashMap<>();
			for (int k : s.classes()) names.put(values[k], m.classNames().getOrDefault(k, "class " + k));
			Map<Integer, Volume<?>> probabilities = new LinkedHashMap<>();
			s.probabilities().forEach((k, v) -> probabilities.put(values[k], v));
			return new SegmentResult(s.labels(), names, probabilities, device);
		});
	}

	/** Segments a folder (and scores it against masks when given): {@link FolderSegmentation}. */
	static SegmentFolderResult segmentFolder(SegmentFolderRequest r, Progress progress) {
		SegmentationSettings settings = settings(r.labelIndices(), r.overlap(), r.saveProbabilities(), r.intensity(), r.blending(),
				r.batchSize());
		FolderSegmentation.Request request = checkFolders(r, settings);
		return withModel(r.model(), r.compute(), (model, device) -> {
			Dimensionality d = dimensionality(model, r.model(), progress);
			FolderSegmentation.Result f =
					new FolderSegmentation(InferenceModel.of(model)).run(request, image -> d.segmenting(image.dims(), image.source()),
							progress);
			List<Path> written = new ArrayList<>();
			for (String name : f.files()) written.add(r.out().resolve(name));
			MetricsTable t = f.metrics();
			io.github.punetfiji.model.file.ModelMetadata.Trainable trainable = model.metadata().trainable();
			return new SegmentFolderResult(written, t == null ? null : r.out().resolve("metrics.csv"),
					t == null ? Double.NaN : t.meanDice(), t == null ? Map.of() : t.meanDicePerClass(), device, f.subjects().size(),
					f.windows(), f.millisPerWindow(), t == null ? Map.of() : t.summary(), trainable == null ? null : trainable.fraction());
		});
	}

	/** Refuses a missing model file and bad folders, before any model is loaded. */
	static void checkFolders(SegmentFolderRequest r) {
		checkFolders(r, SegmentationSettings.defaults());
	}

	private static FolderSegmentation.Request checkFolders(SegmentFolderRequest r, SegmentationSettings settings) {
		checkModelFile(r.model());
		FolderSegmentation.Request request = new FolderSegmentation.Request(r.dirImages(), r.dirMasks(), r.out(), settings);
		FolderSegmentation.subjects(request); // NB: refuse bad folders before loading the model
		return request;
	}

	/**
	 * Dice (and HD95 when asked for) per class; classes default to those of the prediction (its non-zero values and a PUNet
	 * label image's named classes).
	 * Names come from the request, else the value as text.
	 */
	@SuppressWarnings("unchecked")
	static EvaluationResult evaluate(EvaluateRequest r, Progress progress) {
		progress.checkCancelled("evaluation");
		RandomAccessibleInterval<? extends RealType<?>> pred = (RandomAccessibleInterval<? extends RealType<?>>) r.prediction().image();
		RandomAccessibleInterval<? extends RealType<?>> ref = (RandomAccessibleInterval<? extends RealType<?>>) r.reference().image();
		int[] labels = r.labelIndices().length > 0 ? r.labelIndices() : predictedClasses(r, pred);
		progress.report(0, "scoring " + labels.length + " class(es)" + (r.hd95() ? " with HD95" : ""));
		List<SegmentationMetrics.Score> scores = SegmentationMetrics.score(pred, ref, r.reference().spacing(), labels, r.hd95());
		List<EvaluationResult.Score> out = new ArrayList<>();
		double sum = 0;
		for (SegmentationMetrics.Score s : scores) {
			out.add(new EvaluationResult.Score(s.label(), r.classNames().getOrDefault(s.label(), Integer.toString(s.label())), s.dice(),
					s.hd95()));
			sum += s.dice();
		}
		progress.report(1, "scored " + labels.length + " class(es)");
		return new EvaluationResult(out, out.isEmpty() ? Double.NaN : sum / out.size());
	}

	/** The similarity map of the embedding at a point: {@link SimilarityMap}, in a {@link SimilaritySession} of one map. */
	static SimilarityResult similarity(SimilarityRequest r, Progress progress) {
		try (SimilaritySession session = SimilaritySession.open(r.model(), r.compute())) {
			return session.map(r.image(), r.point(), r.withPrompts(), r.labelIndices(), progress);
		}
	}

	private static SegmentationSettings settings(int[] classes, double overlap, boolean probabilities,
			io.github.punetfiji.data.Intensity intensity, String blending, int batchSize) {
		return new SegmentationSettings(classes.length > 0 ? classes : null, overlap,
				io.github.punetfiji.infer.Blending.valueOf(blending.toUpperCase(java.util.Locale.ROOT)), batchSize, probabilities,
				intensity);
	}

	/** The distinct non-zero values of a label image, ascending; refuses fractional values. */
	/**
	 * The classes a prediction was made for: its non-zero values and the named classes of a PUNet label image (a class
	 * it was asked for and missed scores 0); not every class of the reference, which would count classes never segmented.
	 */
	private static int[] predictedClasses(EvaluateRequest r, RandomAccessibleInterval<? extends RealType<?>> pred) {
		TreeSet<Integer> classes = new TreeSet<>();
		r.classNames().keySet().stream().filter(k -> k > 0).forEach(classes::add);
		try {
			for (int v : nonZeroValues(pred, r.prediction().source(), "prediction")) classes.add(v);
		} catch (PunetException e) {
			if (classes.isEmpty()) throw e;
		}
		return classes.stream().mapToInt(Integer::intValue).toArray();
	}

	static int[] nonZeroValues(RandomAccessibleInterval<? extends RealType<?>> labels, String source) {
		return nonZeroValues(labels, source, "reference");
	}

	private static int[] nonZeroValues(RandomAccessibleInterval<? extends RealType<?>> labels, String source, String what) {
		TreeSet<Integer> values = new TreeSet<>();
		for (RealType<?> t : Views.flatIterable(labels)) {
			double v = t.getRealDouble();
			if (v != Math.rint(v)) throw new PunetException(source + ": " + what + " labels must be whole numbers, found " + v);
			if (v != 0) values.add((int) v);
			if (values.size() > 65535) throw new PunetException(source + ": more than 65535 distinct label values; is this a label image?");
		}
		if (values.isEmpty()) throw new PunetException(source + ": the " + what + " holds no labels (only 0); give label_indices to score");
		return values.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Refuses a missing model file with the message {@link io.github.punetfiji.model.file.ModelFile#read} gives. */
	private static void checkModelFile(Path model) {
		if (!Files.exists(model)) throw new PunetException("no such file: " + model);
	}

	private interface ModelTask<T> {
		T run(PunetModel model, String device);
	}

	/** Loads the model on the requested device, runs {@code task} with autograd off, closes everything. */
	private static <T> T withModel(Path file, Compute compute, ModelTask<T> task) {
		checkModelFile(file);
		Device device = device(compute);
		io.github.punetfiji.model.runtime.Devices.threads(compute.threads());
		try (NDManager manager = NDManager.newBaseManager(device);
				PunetModel model = PunetModel.load(file, manager);
				io.github.punetfiji.model.runtime.GradMode noGrad = io.github.punetfiji.model.runtime.GradMode.off()) {
			return task.run(model, device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : "cpu");
		}
	}

	private static Dimensionality dimensionality(PunetModel model, Path file, Progress progress) {
		return new Dimensionality(model.network().config(), file.getFileName().toString(), progress);
	}

	/** The device of {@link io.github.punetfiji.model.runtime.Devices}'s policy. */
	static Device device(Compute compute) {
		return io.github.punetfiji.model.runtime.Devices.resolve(compute.device().label());
	}

}
