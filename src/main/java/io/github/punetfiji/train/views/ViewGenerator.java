package io.github.punetfiji.train.views;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Makes teacher and student views from subjects, following the reference's
 * {@code transforms_monai.generate_transforms} ({@code orientation='xy'}):
 *
 * <ol>
 *   <li>draw {@code B / (numSamples·numTransforms)} subjects with replacement by weight ({@link Subjects#draw});
 *   <li>per subject, {@code numSamples} crops of the teacher patch size ({@link CropSampler}), each
 *       carrying its coordinate grid ({@link View#crop});
 *   <li>per crop, {@code numTransforms} copies; per copy, the teacher and every student start from the
 *       same crop and are augmented independently ({@link Augmentations#teacher}, {@link Augmentations#student});
 *   <li>each view is cropped at a random position to its patch size and reflect-padded if smaller
 *       ({@link Resampling#cropOrPad}).
 * </ol>
 *
 * <p>Repeatable: all randomness comes from the generator passed in. Elements are built in parallel,
 * each with its own generator split off in a fixed order, so results do not depend on threads.
 */
public final class ViewGenerator {
	private final List<Sample> subjects;
	private final ViewSettings settings;
	private final CropSampler crops;
	private final Augmentation teacherAug, studentAug;

	/** @param subjects the training subjects (see {@link Subjects#limitAnnotated}) */
	public ViewGenerator(List<Sample> subjects, ViewSettings settings) {
		if (subjects.isEmpty()) throw new IllegalArgumentException("no training subjects");
		this.subjects = List.copyOf(subjects);
		this.settings = settings;
		this.crops = new CropSampler(settings.teacherPatch(), settings.classWeights());
		this.teacherAug = Augmentations.teacher(settings.augmentation());
		this.studentAug = Augmentations.student(settings.augmentation());
	}

	public ViewSettings settings() {
		return settings;
	}

	/**
	 * A training batch of {@code batchSize} elements.
	 *
	 * @param batchSize a multiple of {@code numSamples·numTransforms} (the reference asserts the same)
	 */
	public ViewBatch next(int batchSize, SplittableRandom rng) {
		int per = settings.viewsPerSubject();
		if (batchSize < 1 || batchSize % per != 0) {
			throw new IllegalArgumentException(
					"batch size " + batchSize + " must be a positive multiple of numSamples·" + "numTransforms = " + per);
		}
		int[] drawn = Subjects.draw(subjects, batchSize / per, rng);
		// One generator per crop, split in a fixed order; the crop's transforms use it sequentially.
		int nCrops = drawn.length * settings.numSamples();
		SplittableRandom[] cropRng = new SplittableRandom[nCrops];
		for (int c = 0; c < nCrops; c++) cropRng[c] = rng.split();
		View[] teacher = new View[batchSize];
		View[][] students = new View[settings.studentPatches().length][batchSize];
		IntStream.range(0, nCrops).parallel().forEach(c -> {
			Sample s = subjects.get(drawn[c / settings.numSamples()]);
			SplittableRandom r = cropRng[c];
			View crop = View.crop(s, crops.sample(s, r), crops.cropSize(s));
			for (int t = 0; t < settings.numTransforms(); t++) {
				int b = c * settings.numTransforms() + t;
				teacher[b] = augmented(crop, teacherAug, settings.teacherPatch(), r);
				for (int k = 0; k < students.length; k++) {
					students[k][b] = augmented(crop, studentAug, settings.studentPatches()[k], r);
				}
			}
		});
		String[] frames = new String[batchSize];
		boolean[] annotated = new boolean[batchSize];
		for (int b = 0; b < batchSize; b++) {
			Sample s = subjects.get(drawn[b / per]);
			frames[b] = s.name();
			annotated[b] = s.annotated();
		}
		return new ViewBatch(teacher, students, frames, annotated);
	}

	/**
	 * Deterministic views without augmentation (validation): per sample, the centred teacher-sized crop
	 * (the middle slice for 2D presets), the teacher and students centred in it.
	 */
	public ViewBatch fixed(List<Sample> samples) {
		int[][] origins = samples.stream().map(crops::centreOrigin).toArray(int[][]::new);
		return fixed(samples, List.of(origins));
	}

	/** As {@link #fixed(List)} with given crop origins {@code [x, y, z]} (crop size {@link CropSampler#cropSize}). */
	public ViewBatch fixed(List<Sample> samples, List<int[]> origins) {
		int n = samples.size();
		View[] teacher = new View[n];
		View[][] students = new View[settings.studentPatches().length][n];
		String[] frames = new String[n];
		boolean[] annotated = new boolean[n];
		for (int b = 0; b < n; b++) {
			Sample s = samples.get(b);
			View crop = View.crop(s, origins.get(b), crops.cropSize(s));
			teacher[b] = Resampling.cropOrPad(crop, settings.teacherPatch(), null);
			for (int k = 0; k < students.length; k++) {
				students[k][b] = Resampling.cropOrPad(crop, settings.studentPatches()[k], null);
			}
			frames[b] = s.name();
			annotated[b] = s.annotated();
		}
		return new ViewBatch(teacher, students, frames, annotated);
	}

	private static View augmented(View crop, Augmentation aug, int[] patch, SplittableRandom rng) {
		View v = crop.copy();
		aug.apply(v, rng);
		return Resampling.cropOrPad(v, patch, rng);
	}
}
