package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * The paper's heterogeneous attention bias scores ({@code DeepInstructedAttentionPositionScores}): learned
 * relative-position scores for content→content (separable h, w, d, averaged) and learned per-class,
 * per-token scores for content→prompt; prompt rows are 0; everything scaled by {@code 32^-0.5}.
 *
 * <p>Output {@code (B', heads, I+N, I+N)} with B' = B when per-sample classes are given, else 1.
 * Dimension letters: I prompt tokens, N window tokens, E the embedding size (32, fixed as in the reference).
 */
public final class HeterogeneousBiasScores extends PunetBlock {
	static final int EMBEDDING = 32;
	private final int heads;
	private final int tokensPerPrompt;
	private final int[] window;
	private final boolean uniquePrompt;
	private final boolean uniqueToken;
	private final boolean noBiasPrompts;
	private final boolean noBiasContent;
	private final Parameter encH, encW, encD, weightsCross, weightsH, weightsW, weightsD;
	private final ParamListBlock encCross;

	public HeterogeneousBiasScores(int heads, int poolSize, int tokensPerPrompt, int[] window, boolean uniquePrompt, boolean uniqueToken,
			boolean noBiasPrompts, boolean noBiasContent) {
		this.heads = heads;
		this.tokensPerPrompt = tokensPerPrompt;
		this.window = window.clone();
		this.uniquePrompt = uniquePrompt;
		this.uniqueToken = uniqueToken;
		this.noBiasPrompts = noBiasPrompts;
		this.noBiasContent = noBiasContent;
		int maxPrompts = uniquePrompt ? poolSize : 1;
		int maxTokens = uniqueToken ? tokensPerPrompt : 1;
		encH = param("encoding_content_h", new Shape(2L * window[0] - 1, EMBEDDING), xavier(2L * window[0] - 1, EMBEDDING));
		encW = param("encoding_content_w", new Shape(2L * window[1] - 1, EMBEDDING), xavier(2L * window[1] - 1, EMBEDDING));
		encD = param("encoding_content_d", new Shape(2L * window[2] - 1, EMBEDDING), xavier(2L * window[2] - 1, EMBEDDING));
		weightsCross = param("weights_cross_inst_content", new Shape(heads, EMBEDDING), xavier(heads, EMBEDDING));
		weightsH = param("weights_content_h", new Shape(heads, EMBEDDING), xavier(heads, EMBEDDING));
		weightsW = param("weights_content_w", new Shape(heads, EMBEDDING), xavier(heads, EMBEDDING));
		weightsD = param("weights_content_d", new Shape(heads, EMBEDDING), xavier(heads, EMBEDDING));
		for (int k = 0; k < 3; k++) {
			buffer("relative_distances_" + "hwd".charAt(k), new Shape(window[k], window[k]), new RelativeDistances(window[k]));
		}
		encCross = child("encoding_cross_inst_content", new ParamListBlock(maxPrompts, maxTokens, EMBEDDING));
	}

	/** Relative index table {@code clamp(j - i + W - 1, 0, 2W - 2)} (int64, as the reference buffer). */
	static final class RelativeDistances implements ai.djl.training.initializer.Initializer {
		private final int w;

		RelativeDistances(int w) {
			this.w = w;
		}

		@Override
		public NDArray initialize(NDManager manager, Shape shape, ai.djl.ndarray.types.DataType dataType) {
			return manager.create(table(w, w), new Shape(w, w));
		}
	}

	static long[] table(int w, int n) {
		long[] t = new long[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) t[i * n + j] = Math.max(0, Math.min(j - i + w - 1, 2 * w - 2));
		}
		return t;
	}

	/**
	 * @param promptTokens I, the number of prompt tokens in each window (0 for none)
	 * @param win the effective window (h, w, d) of this forward
	 * @param classes per sample, the active classes whose prompts are given (ascending), or null
	 *     (the reference's {@code label_indices=None}: the first I/T encodings)
	 */
	public NDArray forward(ParameterStore ps, NDArray like, int promptTokens, int[] win, int[][] classes) {
		NDManager m = like.getManager();
		int n = win[0] * win[1] * win[2];
		NDArray content = contentScores(ps, like, win); // (1, heads, N, N)
		if (noBiasContent) content = content.zerosLike();
		if (promptTokens == 0) {
			return content.mul(Constants.scalar(m, Math.pow(EMBEDDING, -0.5))); // (1, heads, N, N)
		}
		NDArray enc = crossEncodings(ps, like, promptTokens, classes); // (B', I, E)
		long b = enc.getShape().get(0);
		NDArray cross = enc.matMul(v(ps, weightsCross, like).transpose()).transpose(0, 2, 1); // (B', heads, I)
		if (noBiasPrompts) cross = cross.zerosLike();
		NDArray contentRows = NDArrays.concat(new NDList(cross.expandDims(2).broadcast(b, heads, n, promptTokens), // (B', heads, N, I)
				content.broadcast(b, heads, n, n)), 3); // (B', heads, N, I+N)
		NDArray promptRows = m.zeros(new Shape(b, heads, promptTokens, promptTokens + n)); // (B', heads, I, I+N)
		return NDArrays.concat(new NDList(promptRows, contentRows), 2) // (B', heads, I+N, I+N)
				.mul(Constants.scalar(m, Math.pow(EMBEDDING, -0.5)));
	}

	private NDArray contentScores(ParameterStore ps, NDArray like, int[] win) {
		NDArray[] axes = new NDArray[3];
		Parameter[] enc = {encH, encW, encD};
		Parameter[] wts = {weightsH, weightsW, weightsD};
		for (int k = 0; k < 3; k++) {
			NDArray perDistance = v(ps, wts[k], like).matMul(v(ps, enc[k], like).transpose()); // (heads, 2W-1)
			NDArray idx = Constants.longs(like.getManager(), table(window[k], win[k]), new Shape(1, (long) win[k] * win[k]))
					.broadcast(heads, (long) win[k] * win[k]);
			axes[k] = perDistance.gather(idx, 1).reshape(heads, win[k], win[k]); // (heads, w_k, w_k)
		}
		NDArray rows = axes[0].reshape(1, heads, win[0], 1, 1, win[0], 1, 1);
		NDArray cols = axes[1].reshape(1, heads, 1, win[1], 1, 1, win[1], 1);
		NDArray depth = axes[2].reshape(1, heads, 1, 1, win[2], 1, 1, win[2]);
		int n = win[0] * win[1] * win[2];
		return rows.add(cols).add(depth).div(Constants.scalar(like.getManager(), 3)).reshape(1, heads, n, n); // (1, heads, N, N)
	}

	private NDArray crossEncodings(ParameterStore ps, NDArray like, int promptTokens, int[][] classes) {
		int categories = promptTokens / tokensPerPrompt;
		if (categories * tokensPerPrompt != promptTokens || categories == 0) {
			throw new IllegalArgumentException(promptTokens + " prompt tokens are not a multiple of " + tokensPerPrompt);
		}
		if (!uniquePrompt) {
			NDArray e = v(ps, encCross.get(0), like); // (T or 1, E)
			NDArray one = uniqueToken ? Constants.concat(repeat(e, categories), 0) : e.broadcast(promptTokens, EMBEDDING);
			return one.expandDims(0); // (1, I, E)
		}
		int[][] cls = classes;
		if (cls == null) {
			cls = new int[1][categories];
			for (int k = 0; k < categories; k++) cls[0][k] = k;
		}
		NDList perSample = new NDList();
		for (int[] c : cls) {
			NDList parts = new NDList();
			for (int k : c) {
				if (k >= encCross.size()) {
					throw new IllegalArgumentException(
							"class " + k + " has no prompt bias (instruction_pool_size " + encCross.size() + ")");
				}
				NDArray e = v(ps, encCross.get(k), like); // (T, E) or (1, E)
				parts.add(uniqueToken ? e : e.broadcast(tokensPerPrompt, EMBEDDING));
			}
			perSample.add(Constants.concat(parts, 0)); // (I, E)
		}
		return Constants.stack(perSample, 0); // (B, I, E)
	}

	private static NDList repeat(NDArray e, int times) {
		NDList l = new NDList();
		for (int k = 0; k < times; k++) l.add(e);
		return l;
	}
}
