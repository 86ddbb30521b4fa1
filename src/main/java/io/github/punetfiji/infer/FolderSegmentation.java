package io.github.punetfiji.infer;

import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.data.VoxelType;
import io.github.punetfiji.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Segments every image of a folder ({@code --mode predict}) and, given a folder of reference masks,
 * scores them ({@code --mode test}). Masks are matched by identical file name. Outputs:
 * {@code <stem>_labels.nii.gz}, {@code <stem>_prob_<label value>.nii.gz} when asked for, and
 * {@code metrics.csv} in test mode, all committed together at the end ({@link StagedOutputs}); inputs are
 * only read. Every pairing problem is reported before the first image is segmented.
 */
public final class FolderSegmentation {
	/**
	 * @param images folder of images ({@link Volumes#SUPPORTED})
	 * @param masks folder of reference label images, or null (predict)
	 * @param out output folder (created if missing; must not lie inside an input folder)
	 */
	public record Request(Path images, Path masks, Path out, SegmentationSettings settings) {}

	/** One image and its mask (null in predict mode). */
	public record Subject(String stem, Path image, Path mask) {}

	/** What a run did: its subjects, the written file names, the scores (null in predict mode). */
	public record Result(List<Subject> subjects, List<String> files, MetricsTable metrics, long windows, double forwardMillis) {
		public double millisPerWindow() {
			return windows == 0 ? 0 : forwardMillis / windows;
		}
	}

	private final InferenceModel model;

	public FolderSegmentation(InferenceModel model) {
		this.model = model;
	}

	/** The subjects of a request, checked: folders exist, output outside them, masks present, stems unique. */
	public static List<Subject> subjects(Request r) {
		checkFolder(r.images(), "--dir_images");
		if (r.masks() != null) checkFolder(r.masks(), "--dir_masks");
		checkOutside(r.out(), r.images(), "--dir_images");
		if (r.masks() != null) checkOutside(r.out(), r.masks(), "--dir_masks");
		List<Subject> out = new ArrayList<>();
		Set<String> stems = new HashSet<>();
		for (Path image : list(r.images())) {
			String stem = Volumes.stem(image);
			if (!stems.add(stem))
				throw new PunetException("--dir_images: two images are named " + stem + " (e.g. .nii and .nii.gz); keep one");
			Path mask = null;
			if (r.masks() != null) {
				mask = r.masks().resolve(image.getFileName().toString());
				if (!Files.exists(mask))
					throw new PunetException("--dir_masks: no mask " + mask.getFileName() + " for image " + image
							+ "; masks must have the image's file name");
			}
			out.add(new Subject(stem, image, mask));
		}
		if (out.isEmpty()) throw new PunetException("--dir_images: " + r.images() + " holds no images (" + Volumes.SUPPORTED + ")");
		return out;
	}

	private static List<Path> list(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> !p.getFileName().toString().startsWith(".") && Volumes.isSupported(p)).sorted().toList();
		} catch (IOException e) {
			throw new PunetException("cannot list " + dir + ": " + AtomicFiles.describe(e), e);
		}
	}

	private static void checkFolder(Path dir, String flag) {
		if (!Files.isDirectory(dir)) throw new PunetException(flag + ": no such folder: " + dir);
	}

	private static void checkOutside(Path out, Path in, String flag) {
		Path o = real(out), i = real(in);
		if (o.startsWith(i))
			throw new PunetException("--out " + out + " lies inside " + flag + " " + in + "; choose an output folder outside the inputs");
	}

	/** The real path of the longest existing ancestor, joined with the rest (the folder may not exist yet). */
	private static Path real(Path p) {
		Path abs = p.toAbsolutePath().normalize();
		Path existing = abs;
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		try {
			return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
		} catch (IOException e) {
			return abs;
		}
	}

	/**
	 * Runs a request.
	 *
	 * @throws PunetException for bad inputs (nothing is written)
	 * @throws io.github.punetfiji.CancelledException when cancelled (nothing is written)
	 */
	public Result run(Request r, Progress progress) {
		return run(r, image -> {}, progress);
	}

	/**
	 * Runs a request, passing each image to {@code check} after it is read and before it is segmented.
	 *
	 * @param check refuses an image by throwing a {@link PunetException} (nothing is written)
	 */
	public Result run(Request r, java.util.function.Consumer<Volume<?>> check, Progress progress) {
		List<Subject> subjects = subjects(r);
		MetricsTable metrics = r.masks() != null ? new MetricsTable() : null;
		long windows = 0;
		double millis = 0;
		try (StagedOutputs staged = new StagedOutputs(r.out())) {
			for (int i = 0; i < subjects.size(); i++) {
				Subject s = subjects.get(i);
				int k = i, n = subjects.size();
				Progress sub = progress.range((double) k / n, (double) (k + 1) / n);
				Volume<?> image = Volumes.open(s.image());
				check.accept(image);
				Volume<?> mask = s.mask() == null ? null : checkedMask(Volumes.open(s.mask()), image);
				Segmentation seg = new SlidingWindowSegmenter(model).segment(image, r.settings(), sub);
				windows += seg.windows();
				millis += seg.forwardMillis();
				staged.save(seg.labels(), s.stem() + "_labels.nii.gz");
				for (var e : seg.probabilities().entrySet())
					staged.save(e.getValue(), s.stem() + "_prob_" + model.labelValues()[e.getKey()] + ".nii.gz");
				if (metrics != null) metrics.add(s.stem(), score(seg, mask));
			}
			if (metrics != null) staged.write("metrics.csv", o -> o.write(metrics.csv().getBytes(StandardCharsets.UTF_8)));
			List<String> files = staged.names();
			staged.commit();
			progress.report(1, "done");
			return new Result(subjects, files, metrics, windows, millis);
		}
	}

	@SuppressWarnings("unchecked")
	private List<SegmentationMetrics.Score> score(Segmentation seg, Volume<?> mask) {
		int[] classes = seg.classes();
		int[] values = new int[classes.length - 1];
		for (int i = 1; i < classes.length; i++) values[i - 1] = model.labelValues()[classes[i]];
		return SegmentationMetrics.score((RandomAccessibleInterval<? extends RealType<?>>) seg.labels().image(),
				(RandomAccessibleInterval<? extends RealType<?>>) mask.image(), seg.labels().spacing(), values);
	}

	/** Refuses a mask of another size, of a float type with fractions, or holding values that are no class's. */
	@SuppressWarnings("unchecked")
	Volume<?> checkedMask(Volume<?> mask, Volume<?> image) {
		if (!Arrays.equals(mask.dims(), image.dims())) {
			throw new PunetException(mask.source() + ": mask size " + Arrays.toString(mask.dims()) + " differs from its image's "
					+ Arrays.toString(image.dims()));
		}
		Set<Integer> allowed = new HashSet<>();
		for (int v : model.labelValues()) allowed.add(v);
		TreeSet<Double> bad = new TreeSet<>();
		boolean integer = VoxelType.of(mask.image().getType()).isInteger();
		for (RealType<?> t : Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) mask.image())) {
			double v = t.getRealDouble();
			if ((integer || v == Math.rint(v)) && allowed.contains((int) v)) continue;
			if (bad.size() < 5) bad.add(v);
		}
		if (!bad.isEmpty()) {
			throw new PunetException(
					mask.source() + ": label values " + bad + " are not classes of the model (expected " + new TreeSet<>(allowed) + ")");
		}
		return mask;
	}
}
