package io.github.punetfiji.train;

import io.github.punetfiji.model.Constants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Prompt-dependent supervision as in {@code instruction_model.py} ({@code gather_labels},
 * {@code gather_non_frozen_labels}, {@code gather_non_frozen_predictions}): each batch element is
 * supervised only on its active classes.
 *
 * <ul>
 * <li>A voxel of an active class c gets the target channel of c, its rank among the element's active
 * classes (ascending; background channel 0).</li>
 * <li>A voxel of an inactive class folds into channel 0 (the background).</li>
 * <li>A voxel nobody annotated ({@code Sample.UNLABELLED}) gets {@link #IGNORE}: no target at all.</li>
 * </ul>
 *
 * <p>Dimension letters: B batch, C all classes, K active classes of an element, H/W/D spatial.
 */
public final class PromptLabels {
	/** The target of a voxel nobody annotated ({@code Sample.UNLABELLED}): the focal loss ignores it. */
	public static final long IGNORE = -1;

	private PromptLabels() {}

	/**
	 * Channel of every class for one batch element: rank among the active classes, 0 for inactive ones.
	 */
	public static int[] channelOfClass(ActiveLabels active, int batch) {
		int[] map = new int[active.numClasses()];
		int k = 0;
		for (int c = 0; c < active.numClasses(); c++) map[c] = active.isActive(batch, c) ? k++ : 0;
		return map;
	}

	/**
	 * Targets for the focal loss from dense labels.
	 *
	 * @param labels class per voxel, row-major {@code [B, H, W, D]}, values in [0, C)
	 * @param perSample voxels per batch element (H·W·D)
	 * @return target channel per voxel, values in [0, K_b)
	 */
	public static long[] gather(long[] labels, int perSample, ActiveLabels active) {
		return map(labels, perSample, active, true);
	}

	/** {@link #gather(long[], int, ActiveLabels)} on an integer NDArray {@code [B, H, W, D]}; returns int64. */
	public static NDArray gather(NDArray labels, ActiveLabels active) {
		return mapNd(labels, active, true);
	}

	/**
	 * The labels as the element's prompt sees them, in class ids: active classes keep their id, inactive
	 * ones become background 0 (the reference's {@code targets_one_hot_active}, as labels; for metrics).
	 */
	public static long[] foldInactive(long[] labels, int perSample, ActiveLabels active) {
		return map(labels, perSample, active, false);
	}

	/** {@link #foldInactive(long[], int, ActiveLabels)} on an integer NDArray {@code [B, H, W, D]}. */
	public static NDArray foldInactive(NDArray labels, ActiveLabels active) {
		return mapNd(labels, active, false);
	}

	private static NDArray mapNd(NDArray labels, ActiveLabels active, boolean toChannels) {
		Shape s = labels.getShape();
		if (s.dimension() < 1 || s.get(0) != active.batchSize()) {
			throw new IllegalArgumentException("labels " + s + " do not match " + active.batchSize() + " batch elements");
		}
		long[] v = labels.toType(DataType.INT64, false).toLongArray();
		long[] out = map(v, (int) (s.size() / s.get(0)), active, toChannels);
		return labels.getManager().create(out, s);
	}

	private static long[] map(long[] labels, int perSample, ActiveLabels active, boolean toChannels) {
		if ((long) perSample * active.batchSize() != labels.length) {
			throw new IllegalArgumentException(
					labels.length + " labels do not hold " + active.batchSize() + " batch elements of " + perSample + " voxels");
		}
		long[] out = new long[labels.length];
		for (int b = 0; b < active.batchSize(); b++) {
			int[] channel = channelOfClass(active, b);
			for (int i = b * perSample; i < (b + 1) * perSample; i++) {
				long c = labels[i];
				if (c == io.github.punetfiji.train.views.Sample.UNLABELLED) {
					out[i] = toChannels ? IGNORE : c; // NB: nobody annotated it: no target
					continue;
				}
				if (c < 0 || c >= active.numClasses()) {
					throw new IllegalArgumentException("label " + c + " is outside [0, " + active.numClasses() + ")");
				}
				out[i] = toChannels ? channel[(int) c] : active.isActive(b, (int) c) ? c : 0;
			}
		}
		return out;
	}

	/**
	 * Downstream: merges the predicted channels of frozen classes into the background channel, as
	 * {@code scatter_predictions} followed by {@code gather_non_frozen_predictions} do (logits are summed).
	 * Differentiable.
	 *
	 * @param logits {@code [B, K, H, W, D]}, one channel per class of {@code active}
	 * @param active the classes the network predicted
	 * @param nonFrozen {@code active.withoutFrozen(frozen)}; same K' for every batch element
	 * @return {@code [B, K', H, W, D]}; targets for it come from {@code gather(labels, nonFrozen)}
	 */
	public static NDArray mergeFrozenPredictions(NDArray logits, ActiveLabels active, ActiveLabels nonFrozen) {
		Shape s = logits.getShape();
		int nb = (int) s.get(0), nk = (int) s.get(1);
		int nkOut = nonFrozen.count(0);
		float[] merge = new float[nb * nkOut * nk]; // per element: (K', K) 0/1
		for (int b = 0; b < nb; b++) {
			if (active.count(b) != nk) {
				throw new IllegalArgumentException(
						"batch element " + b + " has " + active.count(b) + " active classes, logits have " + nk + " channels");
			}
			if (nonFrozen.count(b) != nkOut) {
				throw new IllegalArgumentException("every batch element needs the same number of non-frozen classes");
			}
			int[] classes = active.classes(b);
			int[] target = channelOfClass(nonFrozen, b);
			for (int k = 0; k < nk; k++) merge[(b * nkOut + target[classes[k]]) * nk + k] = 1f;
		}
		NDManager manager = logits.getManager();
		NDArray m = Constants.floats(manager, merge, new Shape(nb, nkOut, nk));
		NDArray flat = logits.reshape(nb, nk, -1); // (B, K, H*W*D)
		return m.batchMatMul(flat).reshape(new Shape(nb, nkOut).addAll(s.slice(2))); // (B, K', H, W, D)
	}
}
