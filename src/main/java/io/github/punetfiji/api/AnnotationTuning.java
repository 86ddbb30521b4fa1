package io.github.punetfiji.api;

import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.ModelMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * The operation of {@link AnnotationTuneRequest}: checks the model against the image and the class, finds an earlier result
 * to continue from, writes the image and its sparse annotation as NIfTI into a new run folder, prompt-tunes there with the
 * folder-based training ({@link Training#fit}, the same run as {@code ./punet --mode fit --downstream}), keeps the result as
 * {@code <out>/model.punet} with a note of what it was tuned on ({@value #STATE}), and segments the image with it.
 *
 * <p>NB: files rather than an in-memory training input: the trainer, its checks and its sparse-annotation support are used
 * unchanged, and the run folder holds everything needed to repeat (or audit) the run from the command line, which the Log
 * prints. The cost is writing the image once per run.
 *
 * <p>Output folder: {@code model.punet} (the latest result), {@value #STATE}, and {@code run_001/}, {@code run_002/}, … each
 * with {@code images/<name>.nii.gz}, {@code masks/<name>.nii.gz} (the class index inside the structure, 0 outside it on
 * annotated slices, 255 elsewhere), {@code model.punet} and {@code losses.csv}. A continued run starts from the previous
 * run's model.
 */
final class AnnotationTuning {
	/** The note of the latest result in the output folder. */
	static final String STATE = "annotation.json";
	private static final Pattern RUN = Pattern.compile("run_(\\d+)");

	private AnnotationTuning() {}

	static AnnotationTuneResult run(AnnotationTuneRequest r, Progress progress) {
		progress.checkCancelled("prompt tuning");
		if (!Files.isRegularFile(r.model())) throw new PunetException("no such file: " + r.model());
		ModelMetadata body = ModelFile.read(r.model()).metadata();
		checkModel(r, body);
		new Dimensionality(body.config(), r.model().getFileName().toString(), progress).tuning(r.image().dims(), r.image().source());
		int[] slices = annotatedSlices(r.annotation());
		String className = r.className().isEmpty() ? body.classes().getOrDefault(r.classIndex(), "class " + r.classIndex()) : r.className();
		Path out = (r.out() != null ? r.out() : defaultOut(r)).toAbsolutePath().normalize();
		if (out.resolve("model.punet").equals(r.model().toAbsolutePath().normalize())) {
			throw new PunetException(
					"the output folder " + out + " holds the model to tune (" + r.model().getFileName() + "), which the result would "
							+ "replace; choose another output folder");
		}
		Path previous = r.startOver() ? null : previous(out, r, progress);
		Path start = previous != null ? previous : r.model();
		Path run = nextRun(out);
		String stem = stem(r.image().name());
		Path images = run.resolve("images");
		Path masks = run.resolve("masks");
		progress.report(0, "writing the image and its annotation to " + run);
		Volumes.save(r.image(), images.resolve(stem + ".nii.gz"));
		Volumes.save(trainingMask(r.annotation(), r.classIndex()), masks.resolve(stem + ".nii.gz"));
		String intensity = r.intensity() != null ? r.intensity().label() : body.intensityMode();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("downstream", true);
		config.put("adaptation_variant", "prompting");
		config.put("selective_freezing", true);
		config.put("label_indices_downstream_active", List.of((Object) (long) r.classIndex()));
		List<Object> annotated = new ArrayList<>();
		for (int z : slices) annotated.add((long) z);
		config.put("annotated_slices", annotated);
		config.put("learning_rate_instructions_downstream", r.learningRatePrompts());
		// NB: a continued run keeps the prompts it learnt; mean initialisation would reset them to the known classes' mean
		if (previous != null) config.put("mean_initialization", false);
		String command = command(start, images, masks, run, r, slices, intensity, previous != null);
		FitRequest fit = new FitRequest(images, masks, run, start, false, FitRequest.Existing.REFUSE, "2d", "meta", intensity,
				r.batchSize(), 1, r.steps(),
				r.seed(), FitRequest.DEFAULT_CHECKPOINT_EVERY, false, null, null, List.of(), new int[0], null,
				FitRequest.DEFAULT_VAL_MAX_SLICES, r.compute(),
				config, command);
		TrainResult trained = Training.fit(fit, progress.range(0, 0.85));
		Path model = out.resolve("model.punet");
		AtomicFiles.write(model, o -> Files.copy(trained.model(), o));
		writeState(out, r, className, run);
		SegmentResult s =
				Inference.segment(new SegmentRequest(model, r.image(), new int[] {r.classIndex()}, 0.5, false, r.intensity(), r.compute()),
						progress.range(0.85, 1), false);
		return new AnnotationTuneResult(model, run, start, previous != null, slices, className, s.labels(), command, trained);
	}

	/** Refuses a class the model cannot learn or already knows. */
	private static void checkModel(AnnotationTuneRequest r, ModelMetadata body) {
		PunetConfig c = body.config();
		int k = r.classIndex();
		String name = r.model().getFileName().toString();
		int classes = Math.min(c.outChannels(), c.poolSize());
		if (k >= classes) {
			throw new PunetException("class_index " + k + " is outside the classes " + name + " has prompts for (1–" + (classes - 1)
					+ "); choose one of them");
		}
		int[] base = c.labelIndicesBase();
		for (int b : base) {
			if (b == k) {
				String known = body.classes().getOrDefault(k, "class " + k);
				throw new PunetException(
						(known.equals("class " + k) ? known : "class " + k + " (" + known + ")") + " is already a base class of " + name
								+ " (base classes " + Arrays.toString(base) + "); choose a class index it has not learnt");
			}
		}
	}

	/**
	 * The annotated slices (z from 0): those holding a value other than {@link AnnotationTuneRequest#UNLABELLED}.
	 *
	 * @throws PunetException for values other than 0, 1 and 255, or no voxel of the structure
	 */
	static int[] annotatedSlices(Volume<?> annotation) {
		long[] d = annotation.dims();
		boolean[] annotated = new boolean[(int) d[2]];
		long structure = 0;
		Cursor<? extends RealType<?>> c = realCursor(annotation);
		while (c.hasNext()) {
			double v = c.next().getRealDouble();
			if (v == AnnotationTuneRequest.UNLABELLED) continue;
			if (v != AnnotationTuneRequest.BACKGROUND && v != AnnotationTuneRequest.STRUCTURE) {
				throw new PunetException(
						"the annotation holds the value " + v + "; it needs 1 (the structure), 0 (background) or 255 (not annotated)");
			}
			if (v == AnnotationTuneRequest.STRUCTURE) structure++;
			annotated[c.getIntPosition(2)] = true;
		}
		if (structure == 0) throw new PunetException("the annotation marks no voxel of the structure; outline it on at least one slice");
		int[] out = new int[annotated.length];
		int n = 0;
		for (int z = 0; z < annotated.length; z++) if (annotated[z]) out[n++] = z;
		return Arrays.copyOf(out, n);
	}

	/** The annotation as a training mask: the class index inside the structure, 0 outside, 255 unlabelled. */
	private static Volume<UnsignedByteType> trainingMask(Volume<?> annotation, int classIndex) {
		ArrayImg<UnsignedByteType, ?> mask = ArrayImgs.unsignedBytes(annotation.dims());
		Cursor<? extends RealType<?>> in = realCursor(annotation);
		for (UnsignedByteType t : Views.flatIterable(mask)) {
			int v = (int) in.next().getRealDouble();
			t.set(v == AnnotationTuneRequest.STRUCTURE ? classIndex : v);
		}
		return new Volume<>(mask, annotation.spacing(), annotation.name(), annotation.source(), annotation.geometry());
	}

	@SuppressWarnings("unchecked")
	private static Cursor<? extends RealType<?>> realCursor(Volume<?> v) {
		return Views.flatIterable((net.imglib2.RandomAccessibleInterval<? extends RealType<?>>) v.image()).localizingCursor();
	}

	/** {@code <model's folder>/<model>_<image>_class<k>}; for the bundled sample body {@code ~/punet-results/sample-body_…}. */
	private static Path defaultOut(AnnotationTuneRequest r) {
		if (SampleBody.is(r.model())) {
			return Path.of(System.getProperty("user.home"), "punet-results").resolve(
					"sample-body_" + stem(r.image().name()) + "_class" + r.classIndex());
		}
		Path dir = r.model().toAbsolutePath().getParent();
		return dir.resolve(Volumes.stem(r.model().getFileName()) + "_" + stem(r.image().name()) + "_class" + r.classIndex());
	}

	/** A name safe in file names: letters, digits, {@code . _ -}. */
	private static String stem(String name) {
		String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
		if (s.toLowerCase(Locale.ROOT).endsWith(".nii")) s = s.substring(0, s.length() - 4);
		return s.isEmpty() ? "image" : s;
	}

	/**
	 * The model of the latest result in {@code out} when it was tuned from the same model, for the same class, on an image of
	 * the same size; null otherwise (a note says why when there is one that does not fit).
	 */
	private static Path previous(Path out, AnnotationTuneRequest r, Progress progress) {
		Path file = out.resolve(STATE);
		if (!Files.isRegularFile(file)) return null;
		Map<String, Object> s;
		try {
			s = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8), file.toString());
		} catch (IOException | PunetException e) {
			progress.message("cannot read " + file + " (" + e.getMessage() + "); starting from " + r.model());
			return null;
		}
		Object latest = s.get("latest_run");
		Path model = latest instanceof String ? out.resolve((String) latest).resolve("model.punet") : null;
		String why = null;
		if (!(s.get("class_index") instanceof Number) || ((Number) s.get("class_index")).intValue() != r.classIndex())
			why = "was for class " + s.get("class_index");
		else
			if (!String.valueOf(s.get("model")).equals(r.model().toAbsolutePath().normalize().toString()))
				why = "started from " + s.get("model");
			else
				if (!dims(r.image().dims()).equals(s.get("dims"))) why = "was for an image of " + s.get("dims") + " voxels";
				else if (model == null || !Files.isRegularFile(model)) why = "has no model file " + model;
		if (why == null) return model;
		progress.message("the earlier result in " + out + " " + why + "; starting from " + r.model());
		return null;
	}

	private static List<Object> dims(long[] d) {
		return List.of(d[0], d[1], d[2]);
	}

	/** {@code <out>/run_NNN}, one more than the highest there. */
	private static Path nextRun(Path out) {
		int max = 0;
		if (Files.isDirectory(out)) {
			try (Stream<Path> s = Files.list(out)) {
				for (Path p : (Iterable<Path>) s::iterator) {
					Matcher m = RUN.matcher(p.getFileName().toString());
					if (m.matches()) max = Math.max(max, Integer.parseInt(m.group(1)));
				}
			} catch (IOException e) {
				throw new PunetException("cannot list the output folder " + out + ": " + AtomicFiles.describe(e), e);
			}
		}
		return out.resolve(String.format(Locale.ROOT, "run_%03d", max + 1));
	}

	private static void writeState(Path out, AnnotationTuneRequest r, String className, Path run) {
		Map<String, Object> s = new LinkedHashMap<>();
		s.put("image", r.image().name());
		s.put("dims", dims(r.image().dims()));
		s.put("class_index", (long) r.classIndex());
		s.put("class_name", className);
		s.put("model", r.model().toAbsolutePath().normalize().toString());
		s.put("latest_run", run.getFileName().toString());
		byte[] json = (Json.writePretty(s, 2) + "\n").getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(out.resolve(STATE), o -> o.write(json));
	}

	/** The command line that repeats the run. */
	private static String command(Path start, Path images, Path masks, Path run, AnnotationTuneRequest r, int[] slices, String intensity,
			boolean continued) {
		StringBuilder b = new StringBuilder("./punet --mode fit --downstream --ckpt ").append(quote(start)).append(" --dir_images ")
				.append(quote(images))
				.append(" --dir_masks ").append(quote(masks)).append(" --out ").append(quote(run))
				.append(" --adaptation_variant prompting --selective_freezing --label_indices_downstream_active ").append(r.classIndex())
				.append(" --annotated_slices");
		for (int z : slices) b.append(' ').append(z);
		b.append(" --max_steps ").append(r.steps()).append(" --batch_size ").append(r.batchSize())
				.append(" --learning_rate_instructions_downstream ")
				.append(r.learningRatePrompts()).append(" --seed ").append(r.seed()).append(" --intensity ").append(intensity);
		if (continued) b.append(" --mean_initialization false");
		return b.append(" --device ").append(r.compute().device().label()).append(" --threads ").append(r.compute().threads()).toString();
	}

	private static String quote(Path p) {
		String s = p.toString();
		return s.matches("[A-Za-z0-9_./+:=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
	}
}
