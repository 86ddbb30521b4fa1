package io.github.punetfiji.infer;

import io.github.punetfiji.Progress;
import io.github.punetfiji.data.InputNormalization;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.model.runtime.GradMode;
import io.github.punetfiji.model.NetworkConfig;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.util.Arrays;
import java.util.TreeSet;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The similarity map of the paper's figures 3 and 4: the cosine similarity of the embedding at one voxel
 * to the embedding of every other voxel, in the teacher's view (the whole, unmasked input).
 *
 * <ul>
 * <li><b>Region</b> (what the network sees, {@link Region}): for a 2D model (window depth 1) the whole z
 * slice of the point; for a 3D model a patch of the teacher's patch size ({@code patch_size_teacher})
 * around the point. The patch is centred on the point and moved inside the image where the image is large
 * enough (as {@link WindowGrid}'s last window), so it holds as much image as possible; along an axis
 * shorter than the patch, the image is padded with 0 of the normalised input, {@code ⌊diff/2⌋} before
 * (MONAI's padding, as the sliding window). NB: a model with {@code bias_vit} (a learned absolute position
 * bias of the teacher's size) cannot take a larger input, so for it a 2D slice is cut to the teacher's
 * patch as well.</li>
 * <li><b>Weights</b>: the model file's. NB: a {@code .punet} holds the student network (the reference
 * saves the student too); the EMA teacher exists only during training. The teacher <em>view</em> is
 * reproduced: the full, unaugmented input, evaluation mode.</li>
 * <li><b>Prompts</b>: with prompts, {@link PunetNetwork.Mode#BOTH} with background and the given classes
 * active (default: background and the model's first trained foreground class); without prompts,
 * {@link PunetNetwork.Mode#SELF} (attention blocks without prompt tokens, as in self-supervised training).</li>
 * <li><b>Similarity</b>: the decoder's embedding ({@code embedded}, before the similarity head, at half
 * in-plane resolution) is L2-normalised per voxel (eps 1e-12, as {@code F.normalize}); the map is the dot
 * product with the normalised embedding of the point's cell, clamped to [-1, 1]; it is 1 at the point.</li>
 * <li><b>Up-sampling</b>: nearest neighbour ×2 in-plane back to the image grid (the reference's plots use
 * {@code ndimage.zoom(order=0)}); cell {@code ⌊x/2⌋} covers voxels {@code x}.</li>
 * <li><b>Output</b>: a float32 volume of the input's size, spacing and orientation; voxels outside the
 * region are NaN ("not computed"), so the map overlays the image one to one.</li>
 * </ul>
 */
public final class SimilarityMap {
	/**
	 * Where the network looks, in image voxel coordinates.
	 *
	 * @param start the region's first voxel (negative where padded before the image)
	 * @param size the network input size {@code [x, y, z]}
	 */
	public record Region(long[] start, int[] size) {
		/** Whether voxel {@code (x, y, z)} of the image lies in the region. */
		public boolean contains(long x, long y, long z) {
			return x >= start[0] && x < start[0] + size[0] && y >= start[1] && y < start[1] + size[1] && z >= start[2]
					&& z < start[2] + size[2];
		}
	}

	/**
	 * @param map float32 cosine similarities in [-1, 1] inside the region, NaN outside; the input's geometry
	 * @param region the region the network embedded
	 * @param activeClasses the classes whose prompts were active (background first); empty without prompts
	 */
	public record Result(Volume<FloatType> map, Region region, int[] activeClasses) {}

	private final InferenceModel model;

	public SimilarityMap(InferenceModel model) {
		this.model = model;
	}

	/**
	 * Computes the map.
	 *
	 * @param point voxel {@code x, y, z} inside the image
	 * @param withPrompts {@code Mode.BOTH} with {@code classes} active, else {@code Mode.SELF}
	 * @param classes foreground class indices to activate; null = the model's first trained class
	 * @param progress reports the forward; its cancel is polled before it
	 * @throws PunetException for a point outside the image, bad classes or non-finite input values
	 * @throws CancelledException when {@code progress} asks to cancel
	 */
	public Result compute(Volume<?> image, int[] point, boolean withPrompts, int[] classes, Progress progress) {
		checkPoint(point, image.dims());
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<? extends RealType<?>> img =
				(RandomAccessibleInterval<? extends RealType<?>>) (RandomAccessibleInterval<?>) image.image();
		Intensity.checkFinite(img, image.source());
		PunetConfig config = model.network().config();
		int[] active = activeClasses(config, classes);
		Region region = region(config, image.dims(), point);
		progress.report(0,
				image.name() + ": embedding " + region.size()[0] + "×" + region.size()[1] + "×" + region.size()[2] + " voxels");
		if (progress.isCancelRequested()) throw new CancelledException("similarity map of " + image.name() + " cancelled");
		float[] input = read(img, InputNormalization.of(model.intensity(), img), region);
		int[] local = new int[3];
		for (int a = 0; a < 3; a++) local[a] = (int) (point[a] - region.start()[a]);
		int[] cells = new int[3];
		float[] sim;
		try (GradMode noGrad = GradMode.off()) {
			sim = similarities(input, region.size(), active, withPrompts, local, cells);
		}
		ArrayImg<FloatType, ?> out = upsample(sim, cells, region, image.dims());
		progress.report(1, image.name() + ": similarity map done");
		return new Result(image.withImage(out, image.name() + "_similarity"), region, withPrompts ? active : new int[0]);
	}

	/** Refuses a point that is not three coordinates inside an image of size {@code dims}. */
	public static void checkPoint(int[] point, long[] dims) {
		if (point.length != 3) throw new PunetException("--point needs three voxel coordinates x,y,z, got " + point.length);
		for (int a = 0; a < 3; a++) {
			if (point[a] < 0 || point[a] >= dims[a]) {
				throw new PunetException("--point " + point[0] + "," + point[1] + "," + point[2] + " lies outside the image of " + dims[0]
						+ "×" + dims[1] + "×" + dims[2] + " voxels; x, y, z must be in 0…" + (dims[0] - 1) + ", 0…" + (dims[1] - 1)
						+ ", 0…"
						+ (dims[2] - 1));
			}
		}
	}

	/** Background and the requested (or the first trained) foreground classes, ascending. */
	static int[] activeClasses(PunetConfig config, int[] classes) {
		int n = config.outChannels();
		TreeSet<Integer> set = new TreeSet<>();
		set.add(0);
		if (classes == null) {
			set.add(firstTrainedClass(config));
		} else {
			for (int c : classes) {
				if (c < 0 || c >= n)
					throw new PunetException("--label_indices: class " + c + " is not a class of the model; expected 0 … " + (n - 1));
				set.add(c);
			}
		}
		return set.stream().mapToInt(Integer::intValue).toArray();
	}

	private static int firstTrainedClass(PunetConfig config) {
		for (int c : ClassPasses.defaultClasses(config)) if (c > 0 && c < config.outChannels()) return c;
		return 1;
	}

	/** The region for a point: see the class comment. */
	static Region region(PunetConfig config, long[] dims, int[] point) {
		int[] teacher = config.patchSizeTeacher();
		boolean flat = SlidingWindowSegmenter.windowSize(config)[2] == 1;
		int[] size = flat && !NetworkConfig.of(config).biasVit()
				? new int[] {Math.toIntExact(dims[0]), Math.toIntExact(dims[1]), 1}
				: new int[] {teacher[0], teacher[1], flat ? 1 : teacher[2]};
		long[] start = new long[3];
		for (int a = 0; a < 3; a++) {
			if (dims[a] >= size[a]) start[a] = Math.max(0, Math.min(point[a] - size[a] / 2, dims[a] - size[a]));
			else start[a] = -((size[a] - dims[a]) / 2);
		}
		if (flat) start[2] = point[2];
		return new Region(start, size);
	}

	/** The normalised region in tensor order ({@code (x·Y + y)·Z + z}); 0 outside the image. */
	private static float[] read(RandomAccessibleInterval<? extends RealType<?>> img, InputNormalization norm, Region r) {
		int sx = r.size()[0], sy = r.size()[1], sz = r.size()[2];
		float[] buf = new float[Math.multiplyExact(Math.multiplyExact(sx, sy), sz)];
		long[] dims = img.dimensionsAsLongArray();
		var ra = img.randomAccess();
		long[] pos = new long[3];
		for (int x = 0; x < sx; x++) {
			for (int y = 0; y < sy; y++) {
				for (int z = 0; z < sz; z++) {
					pos[0] = r.start()[0] + x;
					pos[1] = r.start()[1] + y;
					pos[2] = r.start()[2] + z;
					boolean inside = pos[0] >= 0 && pos[0] < dims[0] && pos[1] >= 0 && pos[1] < dims[1] && pos[2] >= 0 && pos[2] < dims[2];
					if (inside) {
						ra.setPosition(pos);
						buf[(x * sy + y) * sz + z] = norm.apply(ra.get().getRealDouble());
					}
				}
			}
		}
		return buf;
	}

	/**
	 * One forward; returns the cosine similarities on the embedding grid (tensor order) and its size in
	 * {@code cells}.
	 */
	private float[] similarities(float[] input, int[] size, int[] active, boolean withPrompts, int[] local, int[] cells) {
		int n = model.network().config().outChannels();
		int[] li = new int[n];
		// NB: Mode.SELF ignores them in the attention blocks; the head (unused here) still needs a valid row
		for (int c : active) li[c] = 1;
		try (NDManager sub = model.manager().newSubManager(); NDScope scope = new NDScope()) {
			NDArray x = sub.create(input, new Shape(1, 1, size[0], size[1], size[2])); // (1, 1, H, W, D)
			PunetNetwork.Mode mode = withPrompts ? PunetNetwork.Mode.BOTH : PunetNetwork.Mode.SELF;
			NDArray e = model.network()
					.forward(new ParameterStore(sub, false), x, new int[][] {li}, mode, false, false).embedded; // (1, C0, h, w, d)
			long[] s = e.getShape().getShape();
			int[] at = new int[3];
			for (int a = 0; a < 3; a++) {
				cells[a] = (int) s[2 + a];
				int f = factor(size[a], cells[a], e.getShape());
				at[a] = local[a] / f;
			}
			NDArray unit = e.div(e.norm(new int[] {1}, true).maximum(1e-12f)); // (1, C0, h, w, d)
			NDArray v = unit.get(new NDIndex(":, :, {}:{}, {}:{}, "
					+ "{}:{}", at[0], at[0] + 1, at[1], at[1] + 1, at[2], at[2] + 1)); // (1, C0, 1, 1, 1)
			NDArray sim = unit.mul(v).sum(new int[] {1}).clip(-1f, 1f); // (1, h, w, d)
			float[] out = sim.toFloatArray();
			for (float f : out) {
				if (!Float.isFinite(f))
					throw new PunetException(
							"the network produced NaN or infinite embeddings; the model or the input normalisation is broken");
			}
			return out;
		}
	}

	/** The up-sampling factor of one axis: 1 (same size) or 2 (the stem's in-plane down-sampling). */
	private static int factor(int size, int cells, Shape shape) {
		if (cells == size) return 1;
		if (cells == (size + 1) / 2) return 2;
		throw new PunetException("the network returned an embedding of " + shape + " for an input of " + size + " voxels along an axis");
	}

	/** Nearest-neighbour up-sampling of the cells into a NaN-filled volume of the image's size. */
	private static ArrayImg<FloatType, ?> upsample(float[] sim, int[] cells, Region r, long[] dims) {
		long total = dims[0] * dims[1] * dims[2];
		if (total > Integer.MAX_VALUE - 8)
			throw new PunetException("the image has " + total + " voxels; the similarity map supports up to 2^31");
		float[] out = new float[(int) total];
		Arrays.fill(out, Float.NaN);
		int[] f = new int[3];
		for (int a = 0; a < 3; a++) f[a] = cells[a] == r.size()[a] ? 1 : 2;
		long[] lo = new long[3], hi = new long[3];
		for (int a = 0; a < 3; a++) {
			lo[a] = Math.max(0, r.start()[a]);
			hi[a] = Math.min(dims[a], r.start()[a] + r.size()[a]);
		}
		for (long z = lo[2]; z < hi[2]; z++) {
			int cz = (int) (z - r.start()[2]) / f[2];
			for (long y = lo[1]; y < hi[1]; y++) {
				int cy = (int) (y - r.start()[1]) / f[1];
				for (long x = lo[0]; x < hi[0]; x++) {
					int cx = (int) (x - r.start()[0]) / f[0];
					out[(int) (x + dims[0] * (y + dims[1] * z))] = sim[(cx * cells[1] + cy) * cells[2] + cz];
				}
			}
		}
		return ArrayImgs.floats(out, dims);
	}
}
