package io.github.punetfiji.train;

import io.github.punetfiji.ValidationScore;
import io.github.punetfiji.Progress;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Tensors;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.infer.ClassPasses;
import io.github.punetfiji.infer.InferenceModel;
import io.github.punetfiji.infer.Segmentation;
import io.github.punetfiji.infer.SegmentationMetrics;
import io.github.punetfiji.infer.SegmentationSettings;
import io.github.punetfiji.infer.SlidingWindowSegmenter;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.train.views.Sample;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The held-out validation of a training run ({@code --dir_images_val}/{@code --dir_masks_val}, {@code --val_subjects},
 * {@code --val_slices}): which subjects and slices it scores, with which classes, and the Dice of the network on them.
 *
 * <ul>
 *   <li>Held out means never trained on: {@code --val_subjects} leave the training set altogether (also its
 *       self-supervision); the labels of {@code --val_slices} become {@link Sample#UNLABELLED} in the training masks, so
 *       no loss and no training crop of a 2D preset ever sees them.</li>
 *   <li>Classes: downstream the classes being learnt ({@code label_indices_downstream_active} without the frozen ones),
 *       segmented as {@code --mode test} does by default (all active classes); in pre-training the base classes. Each
 *       must show in the validation masks.</li>
 *   <li>Cost: at most {@code --val_max_slices} slices are scored, shared among the classes (each gets about its share,
 *       spread over the slices that show it; a slice that shows several classes counts once); 0 scores every annotated
 *       slice. A 2D preset segments exactly those slices (the same labels as a whole-volume segmentation); a 3D preset a
 *       slab of one window depth around each. The best model is the first step of the highest Dice.</li>
 *   <li>Score: the existing sliding-window inference ({@link SlidingWindowSegmenter}, overlap 0.5, network in evaluation
 *       mode) and {@link SegmentationMetrics#overlaps}; per class one Dice over every scored voxel together (unannotated
 *       voxels, 255, left out), {@code val_dice} their mean. Nothing random is drawn, so the training's random stream is
 *       the same with and without validation; every array lives in the segmenter's per-batch scopes.</li>
 * </ul>
 */
final class Validation {
	/** One validation subject: its sample (normalised image, labels) and the z slices that may be scored, ascending. */
	record Item(Sample sample, int[] slices, String origin) {}

	private final List<Item> items;
	private final int[] segmented;
	private final int[] scored;
	private final Map<Integer, String> names;
	private final int every;
	private final int slices;
	private final int candidates;
	private final String description;
	private final String fingerprint;

	private Validation(List<Item> items, int[] segmented, int[] scored, Map<Integer, String> names, int every, int candidates) {
		this.items = List.copyOf(items);
		this.segmented = segmented;
		this.scored = scored;
		this.names = names;
		this.every = every;
		this.slices = items.stream().mapToInt(i -> i.slices().length).sum();
		this.candidates = candidates;
		StringBuilder d = new StringBuilder();
		for (Item i : items)
			d.append(i.sample().name()).append(' ').append(i.origin()).append(' ').append(Arrays.toString(i.slices())).append('\n');
		d.append("classes ").append(Arrays.toString(scored)).append(" of ").append(Arrays.toString(segmented));
		this.description = d.toString();
		this.fingerprint = sha256(description);
	}

	// ---- holding out (before training starts) ----

	/**
	 * Takes the subjects named by {@code --val_subjects} (file names without extension) out of the training subjects.
	 *
	 * @param heldOut receives them as validation items (every annotated slice)
	 * @return the training subjects left
	 * @throws PunetException for an unknown name, a subject without a mask, or nothing left to train on
	 */
	static List<Sample> holdOutSubjects(List<Sample> samples, List<String> names, List<Item> heldOut) {
		if (names == null || names.isEmpty()) return samples;
		Map<String, Sample> byName = new LinkedHashMap<>();
		for (Sample s : samples) byName.put(s.name(), s);
		Set<String> wanted = new LinkedHashSet<>();
		for (String n : names) {
			String t = n.trim();
			// NB: a file name is taken too (synth_006.nii.gz for synth_006)
			if (!byName.containsKey(t) && !t.isEmpty()) {
				String stem = io.github.punetfiji.data.Volumes.stem(java.nio.file.Path.of(t).getFileName());
				if (byName.containsKey(stem)) t = stem;
			}
			if (!t.isEmpty()) wanted.add(t);
		}
		for (String n : wanted) {
			Sample s = byName.get(n);
			if (s == null) {
				String known = byName.keySet().stream().limit(8).collect(Collectors.joining(", ")) + (byName.size() > 8 ? ", …" : "");
				throw new PunetException(
						"--val_subjects: no subject '" + n + "' in --dir_images (name a file without its extension: " + known + ")");
			}
			if (!s.annotated())
				throw new PunetException("--val_subjects: subject '" + n + "' has no mask in --dir_masks; a validation subject needs one");
			heldOut.add(new Item(s, annotatedSlices(s), "held-out subject"));
		}
		List<Sample> left = samples.stream().filter(s -> !wanted.contains(s.name())).collect(Collectors.toList());
		if (left.isEmpty())
			throw new PunetException("--val_subjects holds out every subject of --dir_images; leave at least one to train on");
		return left;
	}

	/**
	 * Takes the z slices of {@code --val_slices} out of every annotated training mask: their labels become
	 * {@link Sample#UNLABELLED} there, and each subject annotated on one of them becomes a validation item of those slices.
	 *
	 * @throws PunetException for a slice outside a subject, a slice annotated in no mask, or a subject left without an
	 *     annotated slice to train on
	 */
	static List<Sample> holdOutSlices(List<Sample> samples, int[] zs, List<Item> heldOut) {
		if (zs == null || zs.length == 0) return samples;
		int[] slices = Arrays.stream(zs).distinct().sorted().toArray();
		boolean[] used = new boolean[slices.length];
		List<Sample> out = new ArrayList<>();
		for (Sample s : samples) {
			if (!s.annotated()) {
				out.add(s);
				continue;
			}
			int depth = s.dim(2);
			for (int z : slices) {
				if (z < 0 || z >= depth)
					throw new PunetException("--val_slices: slice " + z + " is outside [0, " + (depth - 1) + "] of " + s.name());
			}
			boolean[] annotated = annotatedMask(s);
			List<Integer> mine = new ArrayList<>();
			for (int i = 0; i < slices.length; i++) {
				if (annotated[slices[i]]) {
					mine.add(slices[i]);
					used[i] = true;
				}
			}
			if (!mine.isEmpty()) heldOut.add(new Item(s, mine.stream().mapToInt(Integer::intValue).toArray(), "held-out slices"));
			TreeSet<Integer> keep = new TreeSet<>();
			for (int z = 0; z < depth; z++) if (annotated[z]) keep.add(z);
			for (int z : slices) keep.remove(z);
			if (keep.isEmpty()) {
				throw new PunetException(
						"--val_slices holds out every annotated slice of " + s.name() + "; leave at least one annotated slice to train on");
			}
			out.add(s.keepingSlices(keep.stream().mapToInt(Integer::intValue).toArray()));
		}
		for (int i = 0; i < slices.length; i++) {
			if (!used[i])
				throw new PunetException("--val_slices: slice " + slices[i]
						+ " is annotated in no training mask (all its voxels are unlabelled, 255, or no subject has a mask)");
		}
		return out;
	}

	/** Loads {@code --dir_images_val} with its masks (each image needs one) in the training's intensity normalisation. */
	static List<Item> load(TrainingOptions o, Intensity intensity, int numClasses) {
		List<Item> out = new ArrayList<>();
		for (Sample s : TrainingData.load(o.dirImagesVal, o.dirMasksVal, intensity, numClasses, "--dir_images_val")) {
			if (!s.annotated()) {
				throw new PunetException("--dir_masks_val " + o.dirMasksVal + " has no mask for the validation image " + s.name()
						+ "; every validation image needs a mask of the same file name");
			}
			out.add(new Item(s, annotatedSlices(s), "validation folder"));
		}
		return out;
	}

	/**
	 * The validation of a run, or null when it is off ({@code every == 0}) or nothing was held out.
	 *
	 * @param classNames names for messages
	 * @throws PunetException when the run learns no segmentation, or a class is in no validation mask
	 */
	static Validation plan(PunetConfig config, List<Item> heldOut, int every, int maxSlices, Map<Integer, String> classNames) {
		if (heldOut.isEmpty() || every <= 0) return null;
		if (!(TrainingConfig.of(config).lossWeightSegmentation() > 0)) {
			throw new PunetException(
					"validation Dice needs a run that learns segmentation, and this loss has no segmentation part; use --loss "
							+ "meta or meta_self, "
							+ "or leave out the validation flags");
		}
		int[] segmented = ClassPasses.defaultClasses(config);
		Set<Integer> frozen = Arrays.stream(TrainingConfig.of(config).labelIndicesDownstreamFrozen()).boxed().collect(Collectors.toSet());
		int[] scored = config.downstream()
				? Arrays.stream(segmented).filter(k -> !frozen.contains(k)).distinct().sorted().toArray()
				: Arrays.stream(segmented).distinct().sorted().toArray();
		if (scored.length == 0) scored = Arrays.stream(segmented).distinct().sorted().toArray();
		if (scored.length == 0) {
			throw new PunetException("validation needs classes to score: "
					+ (config.downstream() ? "--label_indices_downstream_active" : "--label_indices_base") + " is empty");
		}
		Map<Integer, String> names = new LinkedHashMap<>();
		for (int k : scored) names.put(k, classNames.getOrDefault(k, "class " + k));

		// per item and candidate slice: which scored classes it shows
		int candidates = 0;
		List<boolean[][]> shows = new ArrayList<>();
		boolean[] seen = new boolean[scored.length];
		for (Item item : heldOut) {
			boolean[][] s = shows(item, scored);
			shows.add(s);
			candidates += item.slices().length;
			for (boolean[] z : s) for (int c = 0; c < z.length; c++) seen[c] |= z[c];
		}
		for (int c = 0; c < scored.length; c++) {
			if (!seen[c]) {
				throw new PunetException("validation: class " + scored[c] + " (" + names.get(scored[c])
						+ ") is in none of the validation masks' annotated slices; " + "hold out subjects or slices that show it");
			}
		}
		List<Item> chosen = maxSlices > 0 && candidates > maxSlices ? choose(heldOut, shows, scored.length, maxSlices) : heldOut;
		return new Validation(chosen, segmented, scored, names, every, candidates);
	}

	/** Picks at most {@code max} slices: each class about {@code max / classes} of them, evenly spaced over those that show it. */
	private static List<Item> choose(List<Item> items, List<boolean[][]> shows, int classes, int max) {
		List<List<int[]>> perClass = new ArrayList<>(); // (item, slice position) pairs that show class c, in order
		for (int c = 0; c < classes; c++) {
			List<int[]> l = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				boolean[][] s = shows.get(i);
				for (int j = 0; j < s.length; j++) if (s[j][c]) l.add(new int[] {i, j});
			}
			perClass.add(l);
		}
		// NB: the classes' shares grow in turns, one slice at a time, while the union stays within max (classes often share a
		// slice, which then counts once)
		int[] quota = new int[classes];
		List<TreeSet<Integer>> picked = picks(items, perClass, quota);
		boolean grew = true;
		while (grew) {
			grew = false;
			for (int c = 0; c < classes; c++) {
				if (quota[c] >= perClass.get(c).size()) continue;
				quota[c]++;
				List<TreeSet<Integer>> p = picks(items, perClass, quota);
				if (p.stream().mapToInt(TreeSet::size).sum() <= max) {
					picked = p;
					grew = true;
				} else {
					quota[c]--;
				}
			}
		}
		List<Item> out = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			if (picked.get(i).isEmpty()) continue;
			Item item = items.get(i);
			out.add(new Item(item.sample(), picked.get(i).stream().mapToInt(Integer::intValue).toArray(), item.origin()));
		}
		return out;
	}

	/**
	 * Per item, the slices of each class's share: the first {@code quota[c]} of the slices that show class c in
	 * {@link #spread} order, so a share is spread over them and one more slice keeps the ones it had.
	 */
	private static List<TreeSet<Integer>> picks(List<Item> items, List<List<int[]>> perClass, int[] quota) {
		List<TreeSet<Integer>> picked = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) picked.add(new TreeSet<>());
		for (int c = 0; c < quota.length; c++) {
			List<int[]> l = perClass.get(c);
			int[] order = spread(l.size());
			for (int q = 0; q < quota[c]; q++) {
				int[] p = l.get(order[q]);
				picked.get(p[0]).add(items.get(p[0]).slices()[p[1]]);
			}
		}
		return picked;
	}

	/** {@code 0 … n-1} middle first, then the middles of the halves, of the quarters, …: any prefix is spread over the range. */
	static int[] spread(int n) {
		int[] out = new int[n];
		java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
		queue.add(new int[] {0, n});
		int k = 0;
		while (!queue.isEmpty()) {
			int[] r = queue.poll();
			if (r[0] >= r[1]) continue;
			int mid = (r[0] + r[1]) / 2;
			out[k++] = mid;
			queue.add(new int[] {r[0], mid});
			queue.add(new int[] {mid + 1, r[1]});
		}
		return out;
	}

	/** For each slice of the item, whether it shows each class (an annotated voxel of it). */
	private static boolean[][] shows(Item item, int[] classes) {
		Sample s = item.sample();
		int depth = s.dim(2);
		int[] row = new int[depth];
		Arrays.fill(row, -1);
		for (int j = 0; j < item.slices().length; j++) row[item.slices()[j]] = j;
		int[] column = new int[256];
		Arrays.fill(column, -1);
		for (int c = 0; c < classes.length; c++) if (classes[c] < 255) column[classes[c]] = c;
		boolean[][] out = new boolean[item.slices().length][classes.length];
		byte[] labels = s.labels();
		for (int i = 0; i < labels.length; i++) {
			int c = column[labels[i] & 0xFF];
			if (c < 0) continue;
			int j = row[i % depth];
			if (j >= 0) out[j][c] = true;
		}
		return out;
	}

	/** The z slices holding an annotated voxel, ascending (all of them for a fully annotated mask). */
	private static int[] annotatedSlices(Sample s) {
		boolean[] a = annotatedMask(s);
		return java.util.stream.IntStream.range(0, a.length).filter(z -> a[z]).toArray();
	}

	private static boolean[] annotatedMask(Sample s) {
		boolean[] a = new boolean[s.dim(2)];
		int[] sparse = s.annotatedSlices();
		if (sparse == null) Arrays.fill(a, s.annotated());
		else for (int z : sparse) a[z] = true;
		return a;
	}

	// ---- scoring ----

	/** How often it runs (steps). */
	int every() {
		return every;
	}

	/** The number of slices scored. */
	int slices() {
		return slices;
	}

	/** Subjects, origins, slices and classes in words: the same text means the same validation (compared on resume). */
	String description() {
		return description;
	}

	/** A hash of {@link #description()}. */
	String fingerprint() {
		return fingerprint;
	}

	int[] scored() {
		return scored.clone();
	}

	Map<Integer, String> names() {
		return names;
	}

	/** One line for the log: what is validated, how much of it and how often. */
	String summary() {
		String subjects = items.stream().map(i -> i.sample().name()).distinct().collect(Collectors.joining(", "));
		String classes = Arrays.stream(scored).mapToObj(k -> k + " (" + names.get(k) + ")").collect(Collectors.joining(", "));
		return "validation every " + every + " steps on " + slices + (slices == candidates ? "" : " of " + candidates)
				+ " annotated slice(s) of " + items.size() + " subject(s) (" + subjects + "), class " + classes
				+ (slices < candidates ? " (--val_max_slices)" : "");
	}

	/**
	 * Segments the validation slices with the network in evaluation mode and scores them.
	 *
	 * @param manager the parameters' manager: each window batch opens and closes a sub-manager of it
	 * @throws CancelledException when {@code progress} asks to cancel (polled between window batches)
	 */
	ValidationScore score(PunetNetwork network, NDManager manager, Progress progress) {
		Progress cancelOnly = Progress.cancelling(progress::isCancelRequested); // NB: the windows are not the training's progress
		long t0 = System.nanoTime();
		SlidingWindowSegmenter segmenter = new SlidingWindowSegmenter(InferenceModel.of(network, manager, Intensity.NONE));
		SegmentationSettings settings = SegmentationSettings.defaults().withClasses(segmented).withIntensity(Intensity.NONE);
		int depth = SlidingWindowSegmenter.windowSize(network.config())[2];
		List<SegmentationMetrics.Overlap> total = null;
		for (Item item : items) {
			for (int[] range : ranges(item.slices(), depth, item.sample().dim(2))) {
				Segmentation seg = segmenter.segment(subVolume(item.sample(), range[0], range[1]), settings, cancelOnly);
				@SuppressWarnings("unchecked")
				RandomAccessibleInterval<? extends RealType<?>> labels =
						(RandomAccessibleInterval<? extends RealType<?>>) (RandomAccessibleInterval<?>) seg.labels().image();
				for (int z : item.slices()) {
					if (z < range[0] || z >= range[1]) continue;
					List<SegmentationMetrics.Overlap> o = overlaps(item.sample(), z, labels, z - range[0]);
					if (total == null) total = o;
					else for (int c = 0; c < o.size(); c++) total.set(c, total.get(c).plus(o.get(c)));
				}
			}
		}
		Map<Integer, Double> perClass = new LinkedHashMap<>();
		double sum = 0;
		for (SegmentationMetrics.Overlap o : total) {
			perClass.put(o.label(), o.dice());
			sum += o.dice();
		}
		return new ValidationScore(sum / total.size(), perClass, names, slices, (System.nanoTime() - t0) / 1e9);
	}

	/**
	 * The z ranges {@code [from, to)} to segment for the slices: each slice with a window depth around it (1 for a 2D
	 * preset), inside the volume where it is deep enough; overlapping or touching ranges merged.
	 */
	static List<int[]> ranges(int[] slices, int depth, int size) {
		List<int[]> out = new ArrayList<>();
		for (int z : slices) {
			int from = Math.max(0, Math.min(z - (depth - 1) / 2, size - depth));
			int to = Math.min(size, from + depth);
			int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
			if (last != null && from <= last[1]) last[1] = Math.max(last[1], to);
			else out.add(new int[] {from, to});
		}
		return out;
	}

	/** Slices {@code [from, to)} of the sample's normalised image as a float volume. */
	private static Volume<FloatType> subVolume(Sample s, int from, int to) {
		int nx = s.dim(0), ny = s.dim(1), nz = s.dim(2), n = to - from;
		float[] src = s.image();
		float[] v = new float[nx * ny * n];
		for (int xy = 0; xy < nx * ny; xy++) System.arraycopy(src, xy * nz + from, v, xy * n, n);
		double[] spacing = s.spacing();
		if (Arrays.stream(spacing).anyMatch(d -> !(d > 0) || !Double.isFinite(d))) spacing = new double[] {1, 1, 1};
		return new Volume<>(Tensors.fromCOrder(v, nx, ny, n), spacing, s.name());
	}

	/** The counts of slice {@code z} of the sample against slice {@code zp} of the predicted labels; unannotated voxels left out. */
	private List<SegmentationMetrics.Overlap> overlaps(Sample s, int z, RandomAccessibleInterval<? extends RealType<?>> predicted, int zp) {
		int nx = s.dim(0), ny = s.dim(1), nz = s.dim(2);
		byte[] ref = new byte[nx * ny];
		byte[] pred = new byte[nx * ny];
		byte[] labels = s.labels();
		RandomAccess<? extends RealType<?>> ra = predicted.randomAccess();
		long[] pos = new long[3];
		pos[2] = zp;
		for (int y = 0; y < ny; y++) {
			pos[1] = y;
			for (int x = 0; x < nx; x++) {
				int l = labels[(x * ny + y) * nz + z] & 0xFF;
				if (l == Sample.UNLABELLED) continue; // both stay background: no count
				pos[0] = x;
				ra.setPosition(pos);
				ref[x + nx * y] = (byte) l;
				pred[x + nx * y] = (byte) (int) Math.round(ra.get().getRealDouble());
			}
		}
		ArrayImg<UnsignedByteType, ?> r = ArrayImgs.unsignedBytes(ref, nx, ny, 1);
		ArrayImg<UnsignedByteType, ?> p = ArrayImgs.unsignedBytes(pred, nx, ny, 1);
		return new ArrayList<>(SegmentationMetrics.overlaps(p, r, scored));
	}

	static String format(double d) {
		return String.format(Locale.ROOT, "%.4f", d);
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0,
					16);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
