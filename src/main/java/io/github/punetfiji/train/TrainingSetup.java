package io.github.punetfiji.train;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.model.runtime.KernelGuard;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.model.runtime.TorchRuntime;
import io.github.punetfiji.model.Weights;
import io.github.punetfiji.train.views.Sample;
import io.github.punetfiji.train.views.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The setup of a training run ({@link Trainer}): the starting model or a new network's config, the training data with
 * what validates held out (subjects, slices, a validation folder), the validation plan, the device, the network and
 * its weights from {@code --ckpt} (or the checkpoint's full state on {@code --resume}), and the model's provenance;
 * then hands over to the {@link TrainingLoop}.
 */
final class TrainingSetup {
	private final TrainingOptions options;
	private final Progress progress;
	private final RunFolder folder;

	TrainingSetup(TrainingOptions options, Progress progress, RunFolder folder) {
		this.options = options;
		this.progress = progress;
		this.folder = folder;
	}

	/** Sets the run up and runs it. */
	TrainingResult train() {
		ModelFile start = options.ckpt == null ? null : ModelFile.read(options.ckpt);
		PunetConfig base = start == null ? options.baseConfig() : start.metadata().config();
		if (start == null && !options.overrides.containsKey("out_channels")) {
			// NB: a new network gets one output class per entry of the data's labels.json.
			int n = ClassNames.find(options.dirImages, options.dirMasks, Integer.MAX_VALUE).size();
			if (n > 1) {
				base = base.with("out_channels", n);
				if (base.poolSize() < n && !options.overrides.containsKey("instruction_pool_size"))
					base = base.with("instruction_pool_size", n);
			}
		}
		PunetConfig config = options.effectiveConfig(base);
		TrainingConfig training = TrainingConfig.of(config);
		boolean downstream = config.downstream();
		Intensity intensity = Intensity.parse(options.intensity);
		List<Sample> samples = TrainingData.load(options.dirImages, options.dirMasks, intensity, config.outChannels());
		// NB: what validates is taken out first, so it is never trained on: held-out subjects leave the set, held-out slices
		// become unlabelled (255) in the training masks
		List<Validation.Item> heldOut = new ArrayList<>();
		samples = Validation.holdOutSubjects(samples, options.valSubjects, heldOut);
		int numAnnotated = training.numAnnotated();
		if (numAnnotated >= 0) {
			try {
				samples = Subjects.limitAnnotated(samples, numAnnotated, true);
			} catch (IllegalArgumentException e) {
				throw new PunetException(
						"--num_annotated: " + e.getMessage() + (options.valSubjects.isEmpty() ? "" : " left after --val_subjects"));
			}
		}
		samples = Validation.holdOutSlices(samples, options.valSlices, heldOut);
		int[] slices = training.annotatedSlices();
		if (slices.length > 0) {
			try {
				samples = samples.stream().map(s -> s.annotated() ? s.keepingSlices(slices) : s)
						.collect(java.util.stream.Collectors.toList());
			} catch (IllegalArgumentException e) {
				throw new PunetException("--annotated_slices: " + e.getMessage());
			}
		}
		if (options.dirImagesVal != null) heldOut.addAll(Validation.load(options, intensity, config.outChannels()));
		if (downstream) samples = samples.stream().filter(Sample::annotated).collect(java.util.stream.Collectors.toList());
		if (samples.isEmpty())
			throw new PunetException("no annotated subject to adapt to: --dir_masks must hold masks named like the images");
		boolean seg = training.lossWeightSegmentation() > 0;
		if (seg && samples.stream().noneMatch(Sample::annotated)) {
			throw new PunetException("--loss " + options.loss + " needs labels, but no image of " + options.dirImages + " has a mask in "
					+ options.dirMasks);
		}

		Map<Integer, String> classNames = start != null
				? start.metadata().classes()
				: ClassNames.find(options.dirImages, options.dirMasks, config.outChannels());
		Validation validation = Validation.plan(config, heldOut, options.validationEvery(), options.valMaxSlices, classNames);
		if (validation != null) progress.message(validation.summary());
		else
			if (!heldOut.isEmpty())
				progress.message("validation off (--val_every 0): the held-out subjects and slices are not trained on, and not validated");

		TorchRuntime.engine().setRandomSeed((int) options.seed);
		ai.djl.Device device = io.github.punetfiji.model.runtime.Devices.resolve(options.device);
		io.github.punetfiji.model.runtime.Devices.threads(options.threads);
		try (NDManager root = NDManager.newBaseManager(device)) {
			ModelMetadata md = metadata(config, start);
			try (PunetModel model = PunetModel.create(md, root)) {
				PunetNetwork student = model.network();
				Map<String, NpyArray> resume = null;
				if (start != null) {
					// NB: downstream, --ckpt is the pre-trained model to adapt; only --resume continues a downstream run
					boolean continues = !options.coldStart && start.training() != null
							&& (!downstream || options.existing == TrainingOptions.Existing.RESUME);
					if (!continues) {
						List<String> skipped = Weights.loadMatching(student, start.weights());
						if (!skipped.isEmpty())
							progress.message("initialised " + skipped.size() + " parameters not in " + options.ckpt + " (e.g. "
									+ skipped.get(0) + ")");
					} else {
						Weights.load(student, start.weights(), "", options.ckpt.toString());
						resume = start.training();
					}
				}
				return new TrainingLoop(options, progress, folder, config, samples, model, resume, validation).run();
			}
		}
	}

	private ModelMetadata metadata(PunetConfig config, ModelFile start) {
		ModelMetadata.Builder b = start == null ? ModelMetadata.builder(config) : start.metadata().toBuilder();
		ModelMetadata md = b.build().withConfig(config);
		Map<Integer, String> names = ClassNames.find(options.dirImages, options.dirMasks, config.outChannels());
		if (!names.isEmpty() && start == null) md = md.withClasses(names);
		return md.withProvenance("command", options.command).withProvenance("seed", options.seed)
				.withProvenance("parent", options.ckpt == null ? null : options.ckpt.toString())
				.withProvenance("native_kernels", nativeKernels());
	}

	/** The CPU instruction-set level the training computed with and why ({@link KernelGuard}), for the model's provenance. */
	private static Map<String, Object> nativeKernels() {
		TorchRuntime.engine();
		KernelGuard.State s = KernelGuard.state();
		Map<String, Object> m = new java.util.LinkedHashMap<>();
		m.put("isa", s == null ? null : s.isa());
		m.put("source", s == null ? null : s.source());
		if (s != null && s.reason() != null) m.put("reason", s.reason());
		m.put("check", s == null ? null : s.verdict());
		m.put("cpu", io.github.punetfiji.model.runtime.RuntimeFacts.cpu());
		return m;
	}
}
