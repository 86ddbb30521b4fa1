package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.TrainingStep;
import io.github.punetfiji.ValidationScore;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.model.Constants;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.ParameterGroups;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.model.runtime.TorchRuntime;
import io.github.punetfiji.train.views.Sample;
import io.github.punetfiji.train.views.ViewBatch;
import io.github.punetfiji.train.views.ViewGenerator;
import io.github.punetfiji.train.views.ViewSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * One training run after its setup ({@link TrainingSetup}): the teacher, the trainable set ({@link SelectiveFreezing}),
 * the optimiser, the losses and the schedule, then the loop in the {@code EasyTrain} shape (per step one scope for every
 * temporary, one gradient collector, backward, AdamW step), validation, {@code best.punet}, checkpoints
 * ({@link Checkpoints}) and the final model. Every step draws its randomness from {@code (seed, step)}, so a run
 * resumed from a checkpoint continues exactly as an uninterrupted one.
 */
final class TrainingLoop {
	final TrainingOptions options;
	final Progress progress;
	final RunFolder folder;
	final Checkpoints checkpoints;
	final PunetConfig config;
	/** The training settings of {@link #config}, typed. */
	final TrainingConfig training;
	final boolean downstream;
	final List<Sample> samples;
	final PunetModel model;
	final PunetNetwork student;
	final EmaTeacher teacher;
	final AdamW optimizer;
	final Map<String, Parameter> trainable;
	final long totalParams;
	final ActiveLabels downstreamActive;
	final ActiveLabels downstreamNonFrozen;
	final boolean bnTraining;
	final FocalLoss focal;
	final CpaLoss.Config cpa;
	final ViewGenerator views;
	final int stepsPerEpoch;
	final int total;
	final OneCycle schedule;
	final boolean scheduleByStep;
	final LossLog log = new LossLog();
	/** The provenance key of a model saved by a stopped run: the step it stopped at. */
	static final String STOPPED_AT_STEP = "stopped_at_step";
	/** Null without validation. */
	final Validation validation;
	/** The best validation so far (the model in {@code best.punet}), or null. */
	ValidationScore best;
	int bestStep = -1;
	int step;

	TrainingLoop(TrainingOptions options, Progress progress, RunFolder folder, PunetConfig config, List<Sample> samples, PunetModel model,
			Map<String, NpyArray> resume, Validation validation) {
		this.options = options;
		this.progress = progress;
		this.folder = folder;
		this.checkpoints = new Checkpoints(this);
		this.validation = validation;
		this.config = config;
		this.training = TrainingConfig.of(config);
		this.downstream = config.downstream();
		this.samples = samples;
		this.model = model;
		this.student = model.network();
		boolean contrastive = !downstream && training.lossWeightSimProtos() > 0;
		PunetNetwork t = null;
		if (contrastive) {
			t = new PunetNetwork(config);
			t.initializeParameters(model.manager());
			EmaTeacher.copy(student, t);
		}
		teacher = t == null ? null : new EmaTeacher(student, t, training.initialTauBody(), training.initialTauPrompts());
		int c = config.outChannels();
		downstreamActive = downstream ? ActiveLabels.same(options.batchSize, c, training.labelIndicesDownstreamActive()) : null;
		boolean[] frozen = new boolean[c];
		for (int k : training.labelIndicesDownstreamFrozen()) frozen[k] = true;
		downstreamNonFrozen = downstream ? downstreamActive.withoutFrozen(frozen) : null;
		if (downstream && training.meanInitialization() && resume == null) meanInitialization();

		boolean[] prompts = new boolean[c];
		for (int k = 0; k < c; k++) prompts[k] = downstream && (training.freezeInactive() ? downstreamActive.isActive(0, k) : !frozen[k]);
		trainable = SelectiveFreezing.select(student, downstream && training.selectiveFreezing(), prompts);
		Map<String, Parameter> all = student.namedTrainableParameters();
		totalParams = ParameterGroups.count(all.values());
		for (Map.Entry<String, Parameter> e : all.entrySet())
			e.getValue().getArray().setRequiresGradient(trainable.containsKey(e.getKey()));
		// NB: a frozen body keeps its batch-norm statistics, so adding a class leaves the others' predictions as they were.
		boolean bodyFrozen = downstream && training.selectiveFreezing() && training.freezeBody();
		bnTraining = !bodyFrozen || options.referenceBatchNorm;

		Map<String, Parameter> body = new LinkedHashMap<>();
		Map<String, Parameter> instr = new LinkedHashMap<>();
		for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
			(ParameterGroups.isInstruction(ParameterGroups.of(e.getKey())) ? instr : body).put(e.getKey(), e.getValue());
		}
		double lr = training.lr();
		double lri = training.promptLr();
		double wd = training.weightDecay();
		optimizer = new AdamW(List.of(new AdamW.Group("body", body, lr, wd), new AdamW.Group("instructions", instr, lri, wd)),
				model.manager());

		focal = new FocalLoss(new FocalLoss.Config(training.lossWeightSegmentation(), training.lossWeightSegmentationGamma(),
				training.alphaBackground(), training.alphaForeground(), additiveAlpha()));
		cpa = CpaLoss.Config.defaults().withLossWeight(contrastive ? training.lossWeightSimProtos() : 0);
		ViewSettings vs = ViewSettings.of(config);
		views = new ViewGenerator(samples, vs);
		int perDraw = vs.viewsPerSubject();
		if (options.batchSize % perDraw != 0) {
			throw new PunetException(
					"--batch_size must be a multiple of " + perDraw + " (crops per subject draw), got " + options.batchSize);
		}
		stepsPerEpoch = Trainer.stepsPerEpoch(training.numSamplesEpoch(), samples.size(), perDraw, options.batchSize);
		total = options.maxSteps > 0 ? options.maxSteps : options.maxEpochs * stepsPerEpoch;
		int epochs = (total + stepsPerEpoch - 1) / stepsPerEpoch;
		// NB: the reference steps its one-cycle schedule once per epoch (5,000 crops by default), so a run shorter than an
		// epoch never leaves the start learning rate (max/20); by default it steps with the run's real length instead.
		scheduleByStep = !training.referenceSchedule();
		schedule = downstream && training.withSchedulerDownstream() ? new OneCycle(scheduleByStep ? total : epochs) : null;
		if (resume != null) checkpoints.restore(resume);
		if (validation != null) {
			log.validating(validation.scored());
			if (resume != null) checkpoints.restoreBest();
		}
	}

	private double[] additiveAlpha() {
		TrainingConfig c = training;
		double[] a = c.additiveAlpha();
		if (a.length == c.outChannels() && options.overrides.containsKey("additive_alpha")) return a;
		if (c.additiveAlphaFromData()) {
			double[] r = ClassRatios.additiveAlpha(samples, c.outChannels(), c.additiveAlphaFactor());
			StringBuilder b = new StringBuilder();
			for (double x : r) b.append(b.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.4g", x));
			progress.message("additive_alpha from the training labels (factor " + c.additiveAlphaFactor() + "): " + b);
			return r;
		}
		// NB: the reference's default list belongs to the TCIA/BTCV organs; other data get no per-class boost
		// unless --additive_alpha is given.
		return new double[c.outChannels()];
	}

	private void meanInitialization() {
		String scope = training.meanInitializationScope();
		int n = PromptInitialization.meanOfBase(student, training.labelIndicesBase(), training.labelIndicesDownstreamActive(), scope);
		if (n > 0)
			progress.message(
					"mean initialisation (" + scope + "): " + n + " prompt tensors of the new classes start from the base classes' mean");
	}

	TrainingResult run() {
		long modelBytes = 4 * ParameterGroups.count(student.namedTrainableParameters().values()) + (1 << 20);
		long checkpointBytes = modelBytes * (teacher != null ? 2 : 1) + 8 * ParameterGroups.count(trainable.values()) + 40L * (total + 1)
				+ (1 << 20);
		int periodic = options.checkpointEvery > 0
				? Math.max(0, (total - 1) / options.checkpointEvery - step / options.checkpointEvery)
				: 0;
		int slots = Math.min(options.keepCheckpoints, periodic + 1) + 1; // NB: + 1: a new checkpoint is written before the oldest goes
		// NB: measured on the tiny preset, a checkpoint is 0.98 of this estimate and model.punet 1.33 × its 4 bytes per
		// parameter (the buffers that are no parameters): a quarter on top of the whole
		int models = validation != null ? 2 : 1; // NB: best.punet
		folder.prepare((models * modelBytes + slots * checkpointBytes) / 4 * 5 + (1 << 20),
				(models == 2
						? "model.punet and best.punet (" + RunFolder.bytes(modelBytes) + " each)"
						: "the model (" + RunFolder.bytes(modelBytes) + ")") + " and " + slots + " checkpoints ("
						+ RunFolder.bytes(checkpointBytes) + " each)");
		long started = System.nanoTime();
		int startStep = step;
		Path lastCheckpoint = null;
		try (LossCsv csv = new LossCsv(options.out.resolve("losses.csv"), log)) {
			while (step < total) {
				if (progress.isCancelRequested()) throw stop(lastCheckpoint, "before step " + (step + 1));
				int epoch = step / stepsPerEpoch;
				if (schedule != null) {
					for (AdamW.Group g : optimizer.groups()) {
						double max = g == optimizer.groups().get(0)
								? training.learningRateDownstream()
								: training.learningRatePromptsDownstream();
						int t = scheduleByStep ? step : epoch;
						g.setLearningRate(schedule.learningRate(t, max));
						g.setBeta1(schedule.beta1(t));
					}
				}
				Map<String, Double> losses = oneStep();
				step++;
				ValidationScore score = null;
				boolean cancelled = false;
				if (validation != null && (step % validation.every() == 0 || step == total)) {
					try {
						score = validation.score(student, model.manager(), progress);
					} catch (CancelledException e) {
						cancelled = true; // NB: the step is done: it is logged and kept without its validation
					}
				}
				double eta = (System.nanoTime() - started) / 1e9 / (step - startStep) * (total - step);
				double[] lrs = optimizer.groups().stream().mapToDouble(AdamW.Group::learningRate).toArray();
				TrainingStep event =
						new TrainingStep(step, total, epoch, losses, lrs, eta, model.manager().getManagedArrays().size(), score);
				log.add(event);
				csv.update(); // NB: before the listeners hear of the step, so that the file they look at has it
				progress.trainingStep(event);
				if (score != null && (best == null || score.dice() > best.dice())) {
					best = score;
					bestStep = step;
					new ModelFile(finalMetadata().withProvenance("validation", checkpoints.validationProvenance(score, step)),
							model.toModelFile().weights())
							.write(options.out.resolve(RunFolder.BEST));
					progress.message("best.punet: step " + step + ", validation Dice " + Validation.format(score.dice()) + perClass(score));
				}
				if (cancelled) throw stop(lastCheckpoint, "during the validation after step " + step);
				if (options.checkpointEvery > 0 && step % options.checkpointEvery == 0 && step < total) {
					lastCheckpoint = folder.checkpoint(step);
					checkpoints.write(lastCheckpoint);
					progress.message("checkpoint written to " + lastCheckpoint);
				}
			}
		}
		checkpoints.write(folder.checkpoint(step));
		ModelMetadata md = finalMetadata();
		Double last = log.validationDice().get(step);
		if (validation != null) {
			Map<String, Object> v = new LinkedHashMap<>();
			// NB: the last validation as best.punet records its own (step, per class), so that the final model says what it scored
			v.put("step", last == null ? null : step);
			v.put("val_dice", last);
			v.put("per_class", last == null ? null : log.validationPerClass(step));
			v.put("best_step", bestStep < 0 ? null : bestStep);
			v.put("best_val_dice", best == null ? null : best.dice());
			v.put("fingerprint", validation.fingerprint());
			md = md.withProvenance("validation", v);
		}
		model.setMetadata(md);
		Path modelFile = options.out.resolve("model.punet");
		model.save(modelFile);
		log.writeCsv(options.out.resolve("losses.csv"));
		log.writePlot(options.out.resolve("losses.png"));
		TrainingResult.Best b = best == null ? null : new TrainingResult.Best(options.out.resolve(RunFolder.BEST), bestStep, best.dice());
		return new TrainingResult(modelFile, step, log.totals(), ParameterGroups.count(trainable.values()), totalParams,
				io.github.punetfiji.model.runtime.Devices.label(model.manager().getDevice()), b, last == null ? Double.NaN : last);
	}

	/** The metadata of a finished model (model.punet, best.punet) after {@link #step} steps. */
	private ModelMetadata finalMetadata() {
		Map<String, Object> p = new LinkedHashMap<>(model.metadata().provenance());
		p.remove(STOPPED_AT_STEP); // NB: a model trained from a stopped one is not stopped itself
		return model.metadata().toBuilder().provenance(p).build().withProvenance("steps", step)
				.withProvenance("created", ModelMetadata.now())
				.withTrainable(new ModelMetadata.Trainable(ParameterGroups.count(trainable.values()),
						ParameterGroups.count(trainable.values()) / (double) totalParams))
				.withTrainedPrompts(trainedPrompts());
	}

	/**
	 * Keeps what a stopped run has learnt: the checkpoint of the step reached (to continue from), {@code model.punet} as it
	 * is (usable, marked {@value #STOPPED_AT_STEP}), {@code losses.csv} and {@code losses.png}; returns the exception that
	 * ends the run, whose message says where they are.
	 *
	 * @param written the checkpoint written at the last periodic checkpoint, or null
	 */
	private CancelledException stop(Path written, String when) {
		String what = "training cancelled " + when + " of " + total;
		if (step == 0) return new CancelledException(what + "; no step was taken, nothing was kept");
		Path ckpt = folder.checkpoint(step);
		if (!ckpt.equals(written)) checkpoints.write(ckpt);
		Path file = options.out.resolve("model.punet");
		model.setMetadata(finalMetadata().withProvenance(STOPPED_AT_STEP, step));
		model.save(file);
		log.writeCsv(options.out.resolve("losses.csv"));
		log.writePlot(options.out.resolve("losses.png"));
		return new CancelledException(what + "; kept the model as it is (step " + step + ") in " + file + ", the checkpoint " + ckpt
				+ " (continue with --resume --ckpt " + ckpt + ") and losses.csv");
	}

	private String perClass(ValidationScore s) {
		if (s.perClass().size() < 2) return " (" + s.classNames().values().stream().findFirst().orElse("") + ")";
		StringBuilder b = new StringBuilder(" (");
		s.perClass().forEach((k, d) -> b.append(b.length() > 2 ? ", " : "").append(s.classNames().getOrDefault(k, "class " + k)).append(' ')
				.append(Validation.format(d)));
		return b.append(')').toString();
	}

	private int[] trainedPrompts() {
		java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
		for (int k : model.metadata().trainedPrompts()) s.add(k);
		s.add(0);
		for (int k : downstream ? training.labelIndicesDownstreamActive() : training.labelIndicesBase()) s.add(k);
		return s.stream().mapToInt(Integer::intValue).toArray();
	}

	/** One optimisation step; returns the loss parts. */
	private Map<String, Double> oneStep() {
		SplittableRandom rng = new SplittableRandom(options.seed * 0x9E3779B97F4A7C15L + step);
		ViewBatch batch = views.next(options.batchSize, rng);
		ActiveLabels active = downstream
				? downstreamActive
				: new ActiveLabelSampler(config.outChannels(), training.labelIndicesBase(), training.labelIndicesMinActive(),
						training.labelIndicesMaxActive(), new Random(rng.nextLong())).sample(options.batchSize);
		int[][] li = labelIndices(active);
		boolean[] annotated = batch.annotated();
		Map<String, Double> parts = new LinkedHashMap<>();
		// NB: the losses hand back results that they unregistered from their own scopes: closed here.
		List<NDArray> results = new ArrayList<>();
		try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
			ParameterStore ps = new ParameterStore(m, false);
			if (teacher != null) teacher.update();
			NDArray teacherEmbedded = null;
			if (teacher != null) {
				teacherEmbedded = teacher.network().forward(ps, batch.teacherImage(m), li, PunetNetwork.Mode.BOTH, true, false).embedded;
			}
			int students = teacher != null ? batch.numStudents() : 1;
			try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
				NDArray totalLoss = Constants.scalar(m, 0);
				List<NDArray> embedded = new ArrayList<>();
				for (int s = 0; s < students; s++) {
					var out = student.forward(ps, batch.studentImage(s, m), li, PunetNetwork.Mode.BOTH, bnTraining, false);
					embedded.add(out.embedded);
					if (focal.config().lossWeight() > 0) {
						NDArray l = segmentationLoss(out.dense, batch.studentLabel(s, m), active, annotated);
						if (l != null) {
							results.add(l);
							parts.put("seg_s" + s, (double) l.getFloat());
							totalLoss = totalLoss.add(l);
						}
					}
				}
				if (teacher != null && cpa.lossWeight() > 0) {
					List<NDArray> grids = new ArrayList<>();
					for (int s = 0; s < students; s++) grids.add(batch.studentGrid(s, m));
					CpaLoss.Result r = new CpaLoss(cpa, rng.nextLong()).compute(embedded, teacherEmbedded, grids, batch.teacherGrid(m));
					results.addAll(r.studentLosses());
					results.add(r.teacherAssignments());
					for (int s = 0; s < r.studentLosses().size(); s++) {
						parts.put("contrastive_s" + s, (double) r.studentLosses().get(s).getFloat());
						totalLoss = totalLoss.add(r.studentLosses().get(s));
					}
				}
				double value = totalLoss.getFloat();
				if (!Double.isFinite(value)) {
					throw new PunetException("training diverged at step " + (step + 1) + " (loss " + value
							+ "); lower --learning_rate or check the images' intensity range");
				}
				parts.put("all", value);
				// NB: DJL's hasGradient() is false for a computed array; whether a loss term was added decides.
				if (!results.isEmpty()) gc.backward(totalLoss);
			}
			optimizer.step();
		} finally {
			for (NDArray a : results) a.close();
		}
		return parts;
	}

	private NDArray segmentationLoss(NDArray dense, NDArray labels, ActiveLabels active, boolean[] annotated) {
		List<Integer> rows = new ArrayList<>();
		for (int b = 0; b < annotated.length; b++) if (annotated[b]) rows.add(b);
		if (rows.isEmpty()) return null;
		ActiveLabels target = downstream ? downstreamNonFrozen : active;
		NDArray logits = downstream ? PromptLabels.mergeFrozenPredictions(dense, active, downstreamNonFrozen) : dense;
		NDArray gathered = PromptLabels.gather(labels, target);
		if (rows.size() < annotated.length) {
			NDList l = new NDList();
			NDList t = new NDList();
			boolean[][] sub = new boolean[rows.size()][];
			for (int i = 0; i < rows.size(); i++) {
				int b = rows.get(i);
				l.add(logits.get(b + ":" + (b + 1)));
				t.add(gathered.get(b + ":" + (b + 1)));
				sub[i] = new boolean[target.numClasses()];
				for (int k = 0; k < sub[i].length; k++) sub[i][k] = target.isActive(b, k);
			}
			logits = Constants.concat(l, 0);
			gathered = Constants.concat(t, 0);
			target = ActiveLabels.of(sub);
		}
		return focal.compute(logits, gathered, target);
	}

	private int[][] labelIndices(ActiveLabels a) {
		int[][] li = new int[a.batchSize()][a.numClasses()];
		for (int b = 0; b < li.length; b++) for (int k = 0; k < li[b].length; k++) li[b][k] = a.isActive(b, k) ? 1 : 0;
		return li;
	}
}
