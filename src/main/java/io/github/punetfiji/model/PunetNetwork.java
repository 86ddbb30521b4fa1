package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.punetfiji.PunetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt-able UNet ({@code DeepSIAUNetr}): a CNN stem, encoder levels of conv down-sampling + PSWin
 * block + residual, decoder levels of trilinear up-sampling + skip concatenation + conv + PSWin block,
 * then the similarity head against the final prompt pool (or a fixed 1×1×1 conv head), then ×(2,2,1)
 * up-sampling. Parameter names are the reference's {@code state_dict} names.
 *
 * <p>Input {@code (B, C_in, H, W, D)}; label indices {@code [B][out_channels]} of 0/1 (index 0 =
 * background) choose each sample's active classes; output {@code (B, K, H, W, D)} with K the number of
 * active classes of a sample (background included), equal for every sample of a batch.
 */
public final class PunetNetwork extends PunetBlock {
	/** {@code mode_loss} of the reference: {@code SELF} runs the attention blocks without prompts. */
	public enum Mode { BOTH, SELF }

	private final PunetConfig config;
	private final NetworkConfig settings;
	private final List<UnetResBlock> stem = new ArrayList<>();
	private final List<EncoderBlock> encoders = new ArrayList<>();
	private final List<DecoderBlock> decoders = new ArrayList<>();
	private final PromptPoolBlock[] encoderPools;
	private final PromptPoolBlock[] decoderPools;
	private final PromptPoolBlock finalPool;
	private final Layers.BatchNorm3d normFixed;
	private final Layers.Conv convFixed;
	private final Parameter vitBiasContent;
	private final int[] maxPatches;

	public PunetNetwork(PunetConfig config) {
		this.config = config.validate();
		this.settings = NetworkConfig.of(this.config);
		int[] hc = config.hiddenChannels();
		int[] students0 = config.patchSizeStudents()[0];
		int[] teacher = config.patchSizeTeacher();
		int nCnn = config.depthCnn(), nEnc = config.depthEncoder(), nDec = config.depthDecoder();
		int tokens = config.tokensPerPromptCombined();
		boolean useNorm = settings.promptsUseNorm();
		boolean adapter = config.adaptationVariant().equals("adapter");
		String pv = config.promptingVariant();

		// NB: registration order follows the reference, so namedParameters() is in state_dict order.
		maxPatches = new int[] {(teacher[0] + 1) / 2, (teacher[1] + 1) / 2, (teacher[2] + 1) / 2};
		if (settings.biasVit()) {
			long n = (long) maxPatches[0] * maxPatches[1] * maxPatches[2];
			vitBiasContent = param("vit_pos_bias_content", new Shape(1, n, hc[0]), xavierGeneral(n * hc[0], hc[0]));
			param("vit_pos_bias_instructions", new Shape(1, 1, hc[0]), xavierGeneral(hc[0], hc[0]));
		} else {
			vitBiasContent = null;
		}
		for (int k = 0; k < nCnn; k++) {
			int kd = students0[2] >= 3 ? 3 : 1;
			int[] stride = k + 1 < nCnn ? new int[] {1, 1, 1} : new int[] {2, 2, 1};
			stem.add(child("encoding_res_blocks." + k,
					new UnetResBlock(k > 0 ? hc[0] : config.inChannels(), hc[0], new int[] {3, 3, kd}, stride)));
		}
		int[] kd = new int[nEnc];
		int[] sd = new int[nEnc];
		for (int k = 0; k < nEnc; k++) {
			kd[k] = students0[2] / Math.pow(2, k) >= 3 ? 3 : 1;
			sd[k] = k == 0 ? 1 : students0[2] / Math.pow(2, k) > 1 ? 2 : 1;
		}
		for (int k = 0; k < nEnc; k++) {
			int in = k > 0 ? hc[k - 1] : nCnn > 0 ? hc[0] : config.inChannels();
			int[] stride = k > 0 ? new int[] {2, 2, sd[k]} : new int[] {1, 1, 1};
			encoders.add(child("sia_res_blocks." + k,
					new EncoderBlock(in, hc[k], new int[] {3, 3, kd[k]}, stride, sia(hc[k], tokens, adapter))));
		}
		encoderPools = new PromptPoolBlock[2 * nEnc];
		for (int k = 0; k < nEnc; k++) {
			boolean has = ((k == 0 && List.of("start", "encoder", "full").contains(pv))
					|| (k > 0 && List.of("encoder", "full").contains(pv))) && !config.fixedOutput();
			for (int j = 0; has && j < 2; j++) {
				encoderPools[2 * k + j] = child("sia_res_instruction_blocks_v2." + (2 * k + j),
						new PromptPoolBlock(config.poolSize(), hc[k], tokens, useNorm));
			}
		}
		for (int k = 0; k < nDec; k++) {
			int r = nEnc - 1 - k; // reversed index
			int[] stride = {2, 2, sd[r]};
			decoders.add(child("sia_up_blocks." + k,
					new DecoderBlock(hc[r], hc[r - 1], new int[] {3, 3, kd[r]}, stride, sia(hc[r - 1], tokens, adapter))));
		}
		decoderPools = new PromptPoolBlock[2 * nDec];
		for (int k = 0; k < nDec; k++) {
			boolean has = List.of("decoder", "full").contains(pv) && !config.fixedOutput();
			for (int j = 0; has && j < 2; j++) {
				decoderPools[2 * k + j] = child("sia_up_instruction_blocks_v2." + (2 * k + j),
						new PromptPoolBlock(config.poolSize(), hc[nEnc - 2 - k], tokens, useNorm));
			}
		}
		if (!config.fixedOutput()) {
			finalPool = child("instruction_pool", new PromptPoolBlock(config.poolSize(), config.promptChannels(), tokens, useNorm));
			normFixed = null;
			convFixed = null;
		} else {
			finalPool = null;
			normFixed = child("norm_fixed", new Layers.BatchNorm3d(hc[0]));
			int maxActive = settings.labelIndicesMaxActive();
			convFixed = child("conv_fixed", new Layers.Conv(hc[0], maxActive > 0 ? maxActive + 1 : config.outChannels(),
					new int[] {1, 1, 1}, new int[] {1, 1, 1}, true));
		}
	}

	private static ai.djl.training.initializer.Initializer xavierGeneral(long fanIn, long fanOut) {
		return new ai.djl.training.initializer.UniformInitializer((float) Math.sqrt(6.0 / (fanIn + fanOut)));
	}

	private PSWinBlock sia(int channels, int tokens, boolean adapter) {
		return new PSWinBlock(channels, config.heads(), config.poolSize(), tokens, config.window(), settings.uniquePromptBias(),
				settings.uniqueTokenBias(), settings.noBiasPrompts(), settings.noBiasContent(), adapter);
	}

	public PunetConfig config() {
		return config;
	}

	/** The final prompt pool (null for the fixed head). */
	public PromptPoolBlock finalPool() {
		return finalPool;
	}

	/** Every prompt pool, the final one last (block pools absent for some prompting variants are skipped). */
	public List<PromptPoolBlock> pools() {
		List<PromptPoolBlock> l = new ArrayList<>();
		for (PromptPoolBlock p : encoderPools) if (p != null) l.add(p);
		for (PromptPoolBlock p : decoderPools) if (p != null) l.add(p);
		if (finalPool != null) l.add(finalPool);
		return l;
	}

	/** Runs the network; see {@link #forward(ParameterStore, NDArray, int[][], Mode, boolean, boolean)}. */
	public PunetOutput forward(ParameterStore ps, NDArray x, int[][] labelIndices, boolean training) {
		return forward(ps, x, labelIndices, Mode.BOTH, training, false);
	}

	/**
	 * @param x {@code (B, C_in, H, W, D)}
	 * @param labelIndices {@code [B][out_channels]} 0/1, or null (every class active, as the reference)
	 * @param mode {@code SELF} runs the attention blocks without prompts (the head still uses them)
	 * @param training batch-norm batch statistics (and running-statistics updates)
	 * @param record keep every intermediate (for parity checks)
	 */
	public PunetOutput forward(ParameterStore ps, NDArray x, int[][] labelIndices, Mode mode, boolean training, boolean record) {
		long[] s = x.getShape().getShape();
		if (s.length != 5) throw new PunetException("network input must be (B, C, H, W, D), got " + x.getShape());
		if (s[1] != config.inChannels())
			throw new PunetException("network expects " + config.inChannels() + " input channel(s), got " + s[1]);
		int b = (int) s[0];
		int[][] li = labelIndices != null ? labelIndices : allActive(b);
		if (li.length != b) throw new PunetException("label indices given for " + li.length + " samples but the batch has " + b);
		int[][] blockClasses = classes(li, settings.separateBackground());
		int[][] finalClasses = classes(li, config.separateBackgroundTopLevel());
		Map<String, NDArray> rec = record ? new LinkedHashMap<>() : null;

		for (int k = 0; k < stem.size(); k++) {
			x = stem.get(k).forward(ps, x, training);
			if (rec != null) rec.put("stem/" + k, x);
		}
		if (vitBiasContent != null) x = x.add(vitBias(ps, x));
		boolean prompted = mode != Mode.SELF && !config.noninstructedAttention();
		List<NDArray> skips = new ArrayList<>();
		for (int k = 0; k < encoders.size(); k++) {
			NDArray[] prompts = prompted && encoderPools[2 * k] != null
					? prompts(ps, x, encoderPools, 2 * k, blockClasses, rec, "instructions_encoder/")
					: null;
			Map<String, NDArray> trace = rec == null ? null : new LinkedHashMap<>();
			x = encoders.get(k).forward(ps, x, prompts, prompts == null ? null : blockClasses, training, trace);
			if (rec != null) {
				for (Map.Entry<String, NDArray> e : trace.entrySet()) rec.put("trace/encoder" + k + "/" + e.getKey(), e.getValue());
				rec.put("encoder/" + k, x);
			}
			if (k + 1 < encoders.size()) skips.add(x);
		}
		for (int k = 0; k < decoders.size(); k++) {
			NDArray[] prompts = prompted && decoderPools[2 * k] != null
					? prompts(ps, x, decoderPools, 2 * k, blockClasses, rec, "instructions_decoder/")
					: null;
			Map<String, NDArray> trace = rec == null ? null : new LinkedHashMap<>();
			x = decoders.get(k).forward(ps, x, skips.get(skips.size() - 1 - k), prompts, prompts == null ? null : blockClasses, training,
					trace);
			if (rec != null) {
				for (Map.Entry<String, NDArray> e : trace.entrySet()) rec.put("trace/decoder" + k + "/" + e.getKey(), e.getValue());
				rec.put("decoder/" + k, x);
			}
		}
		NDArray embedded = x; // (B, C0, H/2, W/2, D)
		NDArray map;
		NDArray segLatents = null;
		if (finalPool != null) {
			segLatents = finalPool.forward(ps, x, finalClasses); // (B, K*T, C0)
			long[] e = embedded.getShape().getShape();
			NDArray latents = embedded.reshape(e[0], e[1], -1).transpose(0, 2, 1); // (B, M, C0)
			int t = config.tokensPerPrompt();
			NDArray prompts = segLatents.reshape(e[0], -1, t, e[1]); // (B, K, T, C0)
			map = SimilarityAggregation.apply(latents, prompts, aggregation(), settings.softSelectionSigma()) // (B, K, M)
					.reshape(e[0], -1, e[2], e[3], e[4]); // (B, K, H/2, W/2, D)
		} else {
			map = convFixed.forward(ps, Layers.leakyRelu(normFixed.forward(ps, embedded, training)));
		}
		NDArray dense = stem.isEmpty() ? map : Interpolation.upsample(map, new int[] {2, 2, 1});
		if (rec != null) {
			rec.put("similarity_map", map);
			rec.put("patched_embedded_latents", embedded);
			if (segLatents != null) rec.put("segmentation_latents", segLatents);
			rec.put("dense_embedded_latents", dense);
		}
		return new PunetOutput(dense, embedded, map, segLatents, rec);
	}

	private SimilarityAggregation.Mode aggregation() {
		if (settings.meanAggregation()) return SimilarityAggregation.Mode.MEAN;
		if (settings.topKSelection()) return SimilarityAggregation.Mode.TOP_K;
		return SimilarityAggregation.Mode.SOFT;
	}

	private NDArray[] prompts(ParameterStore ps, NDArray like, PromptPoolBlock[] pools, int first, int[][] classes,
			Map<String, NDArray> rec, String key) {
		NDArray[] p = {pools[first].forward(ps, like, classes), pools[first + 1].forward(ps, like, classes)};
		if (rec != null) {
			rec.put(key + first, p[0]);
			rec.put(key + (first + 1), p[1]);
		}
		return p;
	}

	private NDArray vitBias(ParameterStore ps, NDArray x) {
		long[] s = x.getShape().getShape();
		NDArray bias = v(ps, vitBiasContent, x).reshape(1, maxPatches[0], maxPatches[1], maxPatches[2], s[1]) // (1, h, w, d, C)
				.transpose(0, 4, 1, 2, 3); // (1, C, h, w, d)
		int[] from = new int[3];
		int[] to = new int[3];
		for (int k = 0; k < 3; k++) {
			long diff = maxPatches[k] - s[2 + k];
			if (diff < 0) throw new PunetException("input larger than the teacher patch the ViT position bias was built for");
			from[k] = (int) Math.floor(diff / 2.0);
			to[k] = maxPatches[k] - (int) Math.ceil(diff / 2.0);
		}
		return bias.get(new NDIndex(":, :, {}:{}, {}:{}, {}:{}", from[0], to[0], from[1], to[1], from[2], to[2]));
	}

	private int[][] allActive(int b) {
		if (b <= 1) throw new PunetException("without label indices the reference needs a batch size > 1");
		int[][] li = new int[b][config.outChannels()];
		for (int[] r : li) java.util.Arrays.fill(r, 1);
		return li;
	}

	/** Each sample's active classes in ascending order, without background when {@code dropBackground}. */
	static int[][] classes(int[][] labelIndices, boolean dropBackground) {
		int[][] out = new int[labelIndices.length][];
		for (int b = 0; b < labelIndices.length; b++) {
			List<Integer> c = new ArrayList<>();
			for (int k = dropBackground ? 1 : 0; k < labelIndices[b].length; k++) {
				if (labelIndices[b][k] != 0) c.add(k);
			}
			out[b] = c.stream().mapToInt(Integer::intValue).toArray();
			if (b > 0 && out[b].length != out[0].length) {
				throw new PunetException(
						"every sample of a batch needs the same number of active classes, got " + out[0].length + " and " + out[b].length);
			}
		}
		return out;
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		int[][] li = params == null ? null : (int[][]) params.get("label_indices");
		Mode mode = params != null && "self".equals(params.get("mode_loss")) ? Mode.SELF : Mode.BOTH;
		PunetOutput out = forward(ps, inputs.singletonOrThrow(), li, mode, training, false);
		return new NDList(out.dense, out.embedded);
	}
}
