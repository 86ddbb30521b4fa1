package io.github.punetfiji.infer;

import io.github.punetfiji.Progress;
import io.github.punetfiji.data.InputNormalization;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.VoxelType;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Sliding-window segmentation of a 2D image or 3D volume (the reference's {@code test_step}: MONAI's
 * {@code sliding_window_inference} with the students' first patch size as window, the network in
 * evaluation mode).
 *
 * <p>Windows of {@code patch_size_students[0]} (x, y, z) are placed by a {@link WindowGrid}; a 2D preset
 * (window depth 1) therefore runs slice by slice, each z slice a {@code (1, 1, H, W, 1)} input. Windows
 * are visited z start by z start; their outputs go into a {@link SlabAccumulator}, which writes finished
 * slices straight into the label image (and probability images). Heap use is the input, the label image,
 * the probability images if asked for, and one slab; every tensor lives in a per-batch sub-manager and
 * {@link NDScope}, both closed after the batch.
 *
 * <p>Dimension letters: B windows × passes per batch, K active classes per pass, H/W/D = x/y/z.
 */
public final class SlidingWindowSegmenter {
	private final InferenceModel model;

	public SlidingWindowSegmenter(InferenceModel model) {
		this.model = model;
	}

	/** The window size {@code [x, y, z]}: the students' first patch size, as the reference's inferer. */
	public static int[] windowSize(PunetConfig config) {
		return config.patchSizeStudents()[0];
	}

	/** {@link #segment(Volume, SegmentationSettings, Progress)} without progress or cancel. */
	public Segmentation segment(Volume<?> input, SegmentationSettings settings) {
		return segment(input, settings, Progress.NONE);
	}

	/**
	 * Segments a volume.
	 *
	 * @param input any real voxel type; never modified
	 * @param progress reports each window batch; its cancel is polled before every batch
	 * @throws PunetException for NaN or infinite input values or an invalid class choice
	 * @throws CancelledException when {@code progress} asks to cancel (nothing is returned or written)
	 */
	public Segmentation segment(Volume<?> input, SegmentationSettings settings, Progress progress) {
		// NB: no autograd graph in any thread (Fiji runs commands on pool threads, where PyTorch records by default).
		try (io.github.punetfiji.model.runtime.GradMode noGrad = io.github.punetfiji.model.runtime.GradMode.off()) {
			return segmentNoGrad(input, settings, progress);
		}
	}

	private Segmentation segmentNoGrad(Volume<?> input, SegmentationSettings settings, Progress progress) {
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<? extends RealType<?>> image =
				(RandomAccessibleInterval<? extends RealType<?>>) (RandomAccessibleInterval<?>) input.image();
		Intensity.checkFinite(image, input.source());
		PunetNetwork network = model.network();
		PunetConfig config = network.config();
		ClassPasses passes = ClassPasses.plan(config, settings.classes() != null ? settings.classes() : ClassPasses.defaultClasses(config));
		WindowGrid grid = new WindowGrid(input.dims(), windowSize(config), settings.overlap());
		InputNormalization norm = InputNormalization.of(settings.intensity() != null ? settings.intensity() : model.intensity(), image);

		int[] classes = passes.classes();
		double[] values = new double[classes.length];
		int[] all = model.labelValues();
		for (int i = 0; i < classes.length; i++) values[i] = all[classes[i]];
		ArrayImg<? extends RealType<?>, ?> labels = labelImage(values, input.dims());
		List<ArrayImg<FloatType, ?>> probs = null;
		if (settings.probabilities()) {
			probs = new ArrayList<>();
			for (int i = 0; i < classes.length; i++) probs.add(ArrayImgs.floats(input.dims()));
		}
		SlabAccumulator slab = new SlabAccumulator(passes, grid, settings.blending(), values, labels, probs);
		long millis = run(grid, passes, new WindowReader(image, norm, grid), slab, settings.batchSize(), input.name(), progress);

		Map<Integer, Volume<FloatType>> probabilities = new LinkedHashMap<>();
		for (int i = 0; probs != null && i < classes.length; i++) {
			probabilities.put(classes[i], input.withImage(probs.get(i), input.name() + "_prob_" + all[classes[i]]));
		}
		@SuppressWarnings({"rawtypes", "unchecked"})
		Volume<?> out = input.withImage((RandomAccessibleInterval) labels, input.name() + "_labels");
		return new Segmentation(out, probabilities, classes, grid.count(), millis / 1e6);
	}

	/** @return nanoseconds spent in forwards */
	private long run(WindowGrid grid, ClassPasses passes, WindowReader reader, SlabAccumulator slab, int batchSize, String name,
			Progress progress) {
		int[] w = grid.window();
		int n = w[0] * w[1] * w[2];
		int[] xs = grid.starts(0), ys = grid.starts(1), zs = grid.starts(2);
		int nPass = passes.passes();
		long totalJobs = grid.count() * nPass;
		long done = 0;
		long nanos = 0;
		float[] buf = new float[Math.multiplyExact(batchSize, n)];
		int[][] labelRows = new int[nPass][];
		for (int p = 0; p < nPass; p++) labelRows[p] = passes.labelIndices(p);
		progress.report(0, name + ": " + grid.count() + " windows");
		for (int iz = 0; iz < zs.length; iz++) {
			// jobs of this z start: (window index in the xy grid, pass), window-major
			int jobs = xs.length * ys.length * nPass;
			for (int first = 0; first < jobs; first += batchSize) {
				if (progress.isCancelRequested()) throw new CancelledException("segmentation of " + name + " cancelled");
				int b = Math.min(batchSize, jobs - first);
				int[][] li = new int[b][];
				for (int j = 0; j < b; j++) {
					int job = first + j, win = job / nPass;
					reader.read(xs[win / ys.length], ys[win % ys.length], zs[iz], buf, j * n);
					li[j] = labelRows[job % nPass];
				}
				long t0 = System.nanoTime();
				float[] dense = forward(buf, b, w, li, passes.denseChannels());
				nanos += System.nanoTime() - t0;
				for (int j = 0; j < b; j++) {
					int job = first + j, win = job / nPass, pass = job % nPass;
					slab.add(xs[win / ys.length], ys[win % ys.length], zs[iz], dense, j, pass, pass == 0);
				}
				done += b;
				progress.report((double) done / totalJobs, name + ": window " + (done / nPass) + "/" + grid.count());
			}
			int next = iz + 1 < zs.length ? zs[iz + 1] : (int) grid.padded()[2];
			slab.flushBefore(zs[iz], next);
		}
		return nanos;
	}

	/** One batch through the network: {@code (B, 1, wx, wy, wz)} in, {@code (B, C, wx, wy, wz)} out (tensor order). */
	private float[] forward(float[] buf, int b, int[] w, int[][] li, int channels) {
		int n = w[0] * w[1] * w[2];
		try (NDManager sub = model.manager().newSubManager(); NDScope scope = new NDScope()) {
			NDArray x = sub.create(b * n == buf.length ? buf : Arrays.copyOf(buf, b * n),
					new Shape(b, 1, w[0], w[1], w[2])); // (B, 1, H, W, D)
			NDArray dense = model.network()
					.forward(new ParameterStore(sub, false), x, li, PunetNetwork.Mode.BOTH, false, false).dense; // (B, C, H, W, D)
			long[] s = dense.getShape().getShape();
			if (s[0] != b || s[1] != channels || s[2] != w[0] || s[3] != w[1] || s[4] != w[2]) {
				throw new PunetException("the network returned " + dense.getShape() + " for a window of " + Arrays.toString(w) + " with "
						+ channels + " class channels");
			}
			float[] out = dense.toFloatArray();
			for (float v : out) {
				if (!Float.isFinite(v))
					throw new PunetException("the network produced NaN or infinite values; the model or the input normalisation is broken");
			}
			return out;
		}
	}

	/** A zero-filled label image of the smallest unsigned type holding every value. */
	static ArrayImg<? extends RealType<?>, ?> labelImage(double[] values, long[] dims) {
		double max = Arrays.stream(values).max().orElse(0);
		double min = Arrays.stream(values).min().orElse(0);
		VoxelType t = min < 0 ? VoxelType.INT32 : max <= 255 ? VoxelType.UINT8 : max <= 65535 ? VoxelType.UINT16 : VoxelType.INT32;
		return t.create(dims);
	}
}
