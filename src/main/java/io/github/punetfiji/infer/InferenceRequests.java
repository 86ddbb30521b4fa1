package io.github.punetfiji.infer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.Compute;
import io.github.punetfiji.api.EvaluateRequest;
import io.github.punetfiji.api.EvaluationResult;
import io.github.punetfiji.Progress;
import io.github.punetfiji.api.SegmentFolderRequest;
import io.github.punetfiji.api.SegmentFolderResult;
import io.github.punetfiji.api.SegmentRequest;
import io.github.punetfiji.api.SegmentResult;
import io.github.punetfiji.api.SimilarityRequest;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.model.PunetModel;
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
 * Runs the Fiji/service requests of inference ({@code api} records) through the same engine as the CLI:
 * {@link SlidingWindowSegmenter}, {@link FolderSegmentation}, {@link SegmentationMetrics} and
 * {@link SimilarityMap}. Progress and cancel pass straight through; a cancel ends in a
 * {@link io.github.punetfiji.CancelledException}.
 */
public final class InferenceRequests {
	private InferenceRequests() {}

	/** Segments one image: labels (label values of the model), class names and probabilities keyed by label value. */
	public static SegmentResult segment(SegmentRequest r, Progress progress) {
		SegmentationSettings settings = settings(r.labelIndices(), r.overlap(), r.probabilities(), r.intensity());
		return withModel(r.model(), r.compute(), (model, device) -> {
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
	public static SegmentFolderResult segmentFolder(SegmentFolderRequest r, Progress progress) {
		SegmentationSettings settings = settings(r.labelIndices(), r.overlap(), r.saveProbabilities(), r.intensity());
		checkModelFile(r.model());
		FolderSegmentation.Request request = new FolderSegmentation.Request(r.dirImages(), r.dirMasks(), r.out(), settings);
		FolderSegmentation.subjects(request); // NB: refuse bad folders before loading the model
		return withModel(r.model(), r.compute(), (model, device) -> {
			FolderSegmentation.Result f = new FolderSegmentation(InferenceModel.of(model)).run(request, progress);
			List<Path> written = new ArrayList<>();
			for (String name : f.files()) written.add(r.out().resolve(name));
			MetricsTable t = f.metrics();
			return new SegmentFolderResult(written, t == null ? null : r.out().resolve("metrics.csv"), t == null ? Double.NaN : t.meanDice(),
					t == null ? Map.of() : t.meanDicePerClass(), device);
		});
	}

	/**
	 * Dice (and HD95 when asked for) per class; classes default to every non-zero value of the reference.
	 * Names come from the request, else the value as text.
	 */
	@SuppressWarnings("unchecked")
	public static EvaluationResult evaluate(EvaluateRequest r, Progress progress) {
		progress.checkCancelled("evaluation");
		RandomAccessibleInterval<? extends RealType<?>> pred = (RandomAccessibleInterval<? extends RealType<?>>) r.prediction().image();
		RandomAccessibleInterval<? extends RealType<?>> ref = (RandomAccessibleInterval<? extends RealType<?>>) r.reference().image();
		int[] labels = r.labelIndices().length > 0 ? r.labelIndices() : nonZeroValues(ref, r.reference().source());
		progress.report(0, "scoring " + labels.length + " class(es)" + (r.hd95() ? " with HD95" : ""));
		List<SegmentationMetrics.Score> scores = SegmentationMetrics.score(pred, ref, r.reference().spacing(), labels, r.hd95());
		List<EvaluationResult.Score> out = new ArrayList<>();
		double sum = 0;
		for (SegmentationMetrics.Score s : scores) {
			out.add(new EvaluationResult.Score(s.label(), r.classNames().getOrDefault(s.label(), Integer.toString(s.label())), s.dice(), s.hd95()));
			sum += s.dice();
		}
		progress.report(1, "scored " + labels.length + " class(es)");
		return new EvaluationResult(out, out.isEmpty() ? Double.NaN : sum / out.size());
	}

	/** The similarity map of the embedding at a point: {@link SimilarityMap}. */
	public static SimilarityResult similarity(SimilarityRequest r, Progress progress) {
		return withModel(r.model(), r.compute(), (model, device) -> {
			SimilarityMap.Result s = new SimilarityMap(InferenceModel.of(model)).compute(r.image(), r.point(), r.withPrompts(),
					r.labelIndices().length > 0 ? r.labelIndices() : null, progress);
			return new SimilarityResult(s.map(), device);
		});
	}

	private static SegmentationSettings settings(int[] classes, double overlap, boolean probabilities, io.github.punetfiji.data.Intensity intensity) {
		return SegmentationSettings.defaults().withClasses(classes.length > 0 ? classes : null).withOverlap(overlap).withProbabilities(probabilities)
				.withIntensity(intensity);
	}

	/** The distinct non-zero values of a label image, ascending; refuses fractional values. */
	static int[] nonZeroValues(RandomAccessibleInterval<? extends RealType<?>> labels, String source) {
		TreeSet<Integer> values = new TreeSet<>();
		for (RealType<?> t : Views.flatIterable(labels)) {
			double v = t.getRealDouble();
			if (v != Math.rint(v)) throw new PunetException(source + ": reference labels must be whole numbers, found " + v);
			if (v != 0) values.add((int) v);
			if (values.size() > 65535) throw new PunetException(source + ": more than 65535 distinct label values; is this a label image?");
		}
		if (values.isEmpty()) throw new PunetException(source + ": the reference holds no labels (only 0); give label_indices to score");
		return values.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Refuses a missing model file with the message {@link io.github.punetfiji.model.ModelFile#read} gives. */
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
		io.github.punetfiji.model.Devices.threads(compute.threads());
		try (NDManager manager = NDManager.newBaseManager(device); PunetModel model = PunetModel.load(file, manager);
				io.github.punetfiji.model.GradMode noGrad = io.github.punetfiji.model.GradMode.off()) {
			return task.run(model, device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : "cpu");
		}
	}

	/** The device of {@link io.github.punetfiji.model.Devices}'s policy. */
	static Device device(Compute compute) {
		return io.github.punetfiji.model.Devices.resolve(compute.device().label());
	}

}
