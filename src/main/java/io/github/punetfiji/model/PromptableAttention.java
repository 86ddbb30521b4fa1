package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * The paper's prompt-able attention: one windowed attention sub-block ({@code WindowedMaskedAttentionBlock} with its
 * {@code WindowedMaskedAttention}): pre-norm attention + residual, pre-norm linear + residual, optional
 * adapter. As in the reference, K and V are projections of the projected Q, the mask multiplies the
 * logits, and the "MLP" is one linear layer without activation.
 *
 * <p>Tokens {@code (B, P, N, C)}: B batch, P windows, N tokens per window (prompts first), C channels,
 * h heads, c = C/h channels per head.
 */
public final class PromptableAttention extends PunetBlock {
	private final int heads;
	private final int channels;
	private final Layers.LayerNormLayer attentionNorm;
	private final Attention attention;
	private final Layers.LayerNormLayer mlpNorm;
	private final Layers.LinearLayer mlp;
	private final Layers.LinearLayer down;
	private final Layers.LinearLayer up;

	/** The projections, named {@code attention.to_q|to_k|to_v|to_out}. */
	static final class Attention extends PunetBlock {
		final Layers.LinearLayer toQ, toK, toV, toOut;

		Attention(int c) {
			toQ = child("to_q", new Layers.LinearLayer(c, c, false));
			toK = child("to_k", new Layers.LinearLayer(c, c, false));
			toV = child("to_v", new Layers.LinearLayer(c, c, false));
			toOut = child("to_out", new Layers.LinearLayer(c, c, true));
		}
	}

	public PromptableAttention(int channels, int heads, boolean adapter) {
		this.heads = heads;
		this.channels = channels;
		attentionNorm = child("attention_norm", new Layers.LayerNormLayer(channels));
		attention = child("attention", new Attention(channels));
		mlpNorm = child("mlp_norm", new Layers.LayerNormLayer(channels));
		mlp = child("mlp", new Layers.LinearLayer(channels, channels, true));
		down = adapter ? child("linear_down", new Layers.LinearLayer(channels, channels / 4, true)) : null;
		up = adapter ? child("linear_up", new Layers.LinearLayer(channels / 4, channels, true)) : null;
	}

	/**
	 * @param x tokens {@code (B, P, N, C)}
	 * @param mask multiplicative mask {@code (1, P, 1, N, N)} or null
	 * @param posScores additive scores {@code (B or 1, heads, N, N)}
	 */
	public NDArray forward(ParameterStore ps, NDArray x, NDArray mask, NDArray posScores) {
		Shape s = x.getShape();
		long b = s.get(0), p = s.get(1), n = s.get(2);
		int c = channels / heads;
		NDArray xa = attentionNorm.forward(ps, x);
		NDArray q = attention.toQ.forward(ps, xa); // (B, P, N, C)
		NDArray k = attention.toK.forward(ps, q); // NB: K and V from the projected Q, as the reference.
		NDArray v = attention.toV.forward(ps, q);
		q = q.reshape(b, p, n, heads, c).transpose(0, 1, 3, 2, 4); // (B, P, h, N, c)
		k = k.reshape(b, p, n, heads, c).transpose(0, 1, 3, 4, 2); // (B, P, h, c, N)
		v = v.reshape(b, p, n, heads, c).transpose(0, 1, 3, 2, 4); // (B, P, h, N, c)
		NDArray sim = q.matMul(k).mul(Constants.scalar(x.getManager(), Math.pow(c, -0.5))); // (B, P, h, N, N)
		if (posScores != null) sim = sim.add(posScores.expandDims(1)); // + (B|1, 1, h, N, N)
		if (mask != null) sim = sim.mul(mask); // NB: multiplicative: a masked logit becomes 0, not -inf.
		NDArray out = sim.softmax(-1).matMul(v) // (B, P, h, N, c)
				.transpose(0, 1, 3, 2, 4).reshape(b, p, n, channels); // (B, P, N, C)
		x = x.add(attention.toOut.forward(ps, out));
		x = x.add(mlp.forward(ps, mlpNorm.forward(ps, x)));
		if (down != null) x = x.add(up.forward(ps, Layers.leakyRelu(down.forward(ps, x))));
		return x;
	}
}
