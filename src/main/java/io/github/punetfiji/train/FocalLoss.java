package io.github.punetfiji.train;

import io.github.punetfiji.model.Constants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The reference's segmentation loss ({@code src/modules/losses/focal.py}): per voxel
 * {@code (1 − p_t)^γ · α_t · (−log p_t)}, averaged over voxels and batch, times a loss weight. Voxels whose
 * target is {@link PromptLabels#IGNORE} (nobody annotated them) add nothing, to the loss or its gradient, and the
 * mean is over the others.
 * {@code log p} is {@code log_softmax} over channels clamped at ≥ −1000; {@code p_t = exp(log p_t)} is
 * taken without α. The class weights of batch element b are
 * {@code α = [α_bg, α_fg, …, α_fg] + additive_alpha[active classes of b]} (K entries).
 *
 * <p>Dimension letters: B batch, K predicted channels (active classes, ascending), H/W/D spatial.
 */
public final class FocalLoss {
	/** {@code additive_alpha} of the TCIA/BTCV data set (background + 8 organs), the reference default. */
	public static final double[] ADDITIVE_ALPHA_TCIA_BTCV = {0., 0.07590447, 0.13365165, 0.85956404, 1.67616135, 0.01332489, 0.05445146,
			0.29287293, 0.25115765};

	/** {@code additive_alpha} of the CT-ORG data set (background + 5 organs). */
	public static final double[] ADDITIVE_ALPHA_CT_ORG = {0., 0.06171474, 0.74141834, 0.16770616, 0.00349171, 0.20303888};

	/**
	 * Focal loss settings.
	 *
	 * @param lossWeight factor on the mean (reference {@code loss_weight_segmentation})
	 * @param gamma focusing exponent γ
	 * @param alphaBackground α of channel 0
	 * @param alphaForeground α of every other channel
	 * @param additiveAlpha per-class additions to α, indexed by class (all C classes)
	 */
	public record Config(double lossWeight, double gamma, double alphaBackground, double alphaForeground, double[] additiveAlpha) {
		public Config {
			if (!(gamma >= 0)) throw new IllegalArgumentException("gamma must be >= 0, got " + gamma);
			additiveAlpha = additiveAlpha.clone();
		}

		/** The defaults of the {@code FocalLoss} class itself: weight 1, γ 1.5, α 0.1/0.1, additive (0, 0.9). */
		public static Config classDefaults() {
			return new Config(1.0, 1.5, 0.1, 0.1, new double[] {0.0, 0.9});
		}

		/**
		 * The construction of {@code instruction_model.py} with its argument defaults: weight 1, γ 4,
		 * α_bg 1 (also downstream), α_fg 1, and the data set's {@code additive_alpha}.
		 */
		public static Config instructionModel(double[] additiveAlpha) {
			return new Config(1.0, 4.0, 1.0, 1.0, additiveAlpha);
		}

		@Override
		public double[] additiveAlpha() {
			return additiveAlpha.clone();
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Config c && c.lossWeight == lossWeight && c.gamma == gamma && c.alphaBackground == alphaBackground
					&& c.alphaForeground == alphaForeground && Arrays.equals(c.additiveAlpha, additiveAlpha);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(new double[] {lossWeight, gamma, alphaBackground, alphaForeground})
					+ 31 * Arrays.hashCode(additiveAlpha);
		}

		@Override
		public String toString() {
			return "FocalLoss.Config[lossWeight=" + lossWeight + ", gamma=" + gamma + ", alphaBackground=" + alphaBackground
					+ ", alphaForeground=" + alphaForeground + ", additiveAlpha=" + Arrays.toString(additiveAlpha) + "]";
		}
	}

	private final Config config;

	public FocalLoss(Config config) {
		this.config = config;
	}

	public Config config() {
		return config;
	}

	/**
	 * The class weights α of one batch element, in float32 as the reference builds them.
	 *
	 * @param active the active classes, or null: then {@code additive_alpha} is added as a whole and must
	 *            have K entries
	 */
	public float[] alpha(int channels, ActiveLabels active, int batch) {
		float[] alpha = new float[channels];
		alpha[0] = (float) config.alphaBackground();
		for (int k = 1; k < channels; k++) alpha[k] = (float) config.alphaForeground();
		double[] add = config.additiveAlpha;
		if (active == null) {
			if (add.length != channels) {
				throw new IllegalArgumentException(
						"additive_alpha has " + add.length + " entries but the logits have " + channels + " channels");
			}
			for (int k = 0; k < channels; k++) alpha[k] += (float) add[k];
			return alpha;
		}
		int[] classes = active.classes(batch);
		for (int c : classes) {
			if (c >= add.length) {
				throw new IllegalArgumentException("class " + c + " has no additive_alpha (" + add.length + " entries)");
			}
		}
		if (classes.length == 1) {
			// NB: the reference's nonzero(..).squeeze() yields a scalar index here, and the scalar is
			// broadcast to every channel.
			for (int k = 0; k < channels; k++) alpha[k] += (float) add[classes[0]];
		} else if (classes.length == channels) {
			for (int k = 0; k < channels; k++) alpha[k] += (float) add[classes[k]];
		} else {
			throw new IllegalArgumentException(
					"batch element " + batch + " has " + classes.length + " active classes but the logits have " + channels + " channels");
		}
		return alpha;
	}

	/**
	 * The loss, a scalar in {@code logits}' manager. Intermediates are released; the autograd graph
	 * back to {@code logits} is kept.
	 *
	 * @param logits {@code [B, K, H, W, D]}
	 * @param targets integer {@code [B, H, W, D]} with values in [0, K), or {@link PromptLabels#IGNORE} (see {@link PromptLabels#gather})
	 * @param active the active classes per batch element ({@code label_indices_active}), or null
	 */
	public NDArray compute(NDArray logits, NDArray targets, ActiveLabels active) {
		Shape s = logits.getShape();
		if (s.dimension() != 5) throw new IllegalArgumentException("logits must be [B, K, H, W, D], got " + s);
		int nb = (int) s.get(0), nk = (int) s.get(1);
		Shape spatial = s.slice(2);
		Shape expected = new Shape(nb).addAll(spatial);
		if (!targets.getShape().equals(expected)) {
			throw new IllegalArgumentException("targets must be " + expected + ", got " + targets.getShape());
		}
		if (active != null && active.batchSize() != nb) {
			throw new IllegalArgumentException("active labels are for " + active.batchSize() + " batch elements, logits for " + nb);
		}
		try (NDScope scope = new NDScope()) {
			long[] t = targets.toType(DataType.INT64, false).toLongArray();
			int perSample = (int) spatial.size();
			float[] alphaT = new float[t.length]; // α of each voxel's target class
			long labelled = 0;
			for (int b = 0; b < nb; b++) {
				float[] alpha = alpha(nk, active, b);
				for (int i = b * perSample; i < (b + 1) * perSample; i++) {
					if (t[i] == PromptLabels.IGNORE) {
						t[i] = 0; // NB: any valid channel; its α of 0 removes the voxel from the loss and its gradient
						continue;
					}
					if (t[i] < 0 || t[i] >= nk) {
						throw new IllegalArgumentException("target " + t[i] + " is outside [0, " + nk + ")");
					}
					alphaT[i] = alpha[(int) t[i]];
					labelled++;
				}
			}
			NDManager m = logits.getManager();
			NDArray index = Constants.longs(m, t, new Shape(nb, 1).addAll(spatial)); // (B, 1, H, W, D)
			NDArray alphaMap = Constants.floats(m, alphaT, expected); // (B, H, W, D)

			NDArray logP = logits.logSoftmax(1).clip(-1000f, Float.POSITIVE_INFINITY); // (B, K, H, W, D)
			NDArray logPt = logP.gather(index, 1).squeeze(1); // (B, H, W, D)
			NDArray weightedNll = logPt.mul(alphaMap).neg(); // nll_loss with weight: −α_t·log p_t
			NDArray pt = logPt.exp();
			NDArray focus = pt.neg().add(1f).clip(0f, Float.POSITIVE_INFINITY).pow(Constants.scalar(m, config.gamma()));
			NDArray perVoxel = focus.mul(weightedNll);
			// NB: the mean over the annotated voxels; with every voxel annotated exactly the reference's mean
			NDArray mean = labelled == t.length ? perVoxel.mean() : perVoxel.sum().div(Constants.scalar(m, Math.max(1, labelled)));
			NDArray loss = mean.mul(Constants.scalar(m, config.lossWeight()));
			NDScope.unregister(loss);
			return loss;
		}
	}
}
