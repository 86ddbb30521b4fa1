package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * A decoder level ({@code DeepSIAUpBlock}):
 * {@code x' = PSWin(conv_concat(lrelu(norm_concat(cat[up(x)[:Hs, :Ws, :Ds], skip]))))}; trilinear
 * up-sampling by the stride (align_corners false), cropped to the skip by keeping leading indices; no
 * residual. Map {@code (B, C, H, W, D)}.
 */
public final class DecoderBlock extends PunetBlock {
	private final int[] stride;
	private final Layers.BatchNorm3d normConcat;
	private final Layers.MonaiConv convConcat;
	private final PSWinBlock sia;

	public DecoderBlock(int in, int out, int[] kernel, int[] stride, PSWinBlock sia) {
		this.stride = stride.clone();
		normConcat = child("norm_concat", new Layers.BatchNorm3d(in + out));
		convConcat = child("conv_concat", new Layers.MonaiConv(in + out, out, kernel, new int[] {1, 1, 1}, true));
		this.sia = child("sia", sia);
	}

	public NDArray forward(ParameterStore ps, NDArray x, NDArray skip, NDArray[] prompts, int[][] classes, boolean training,
			Map<String, NDArray> trace) {
		return Constants.scoped(trace != null, () -> forwardScoped(ps, x, skip, prompts, classes, training, trace));
	}

	private NDArray forwardScoped(ParameterStore ps, NDArray x, NDArray skip, NDArray[] prompts, int[][] classes, boolean training,
			Map<String, NDArray> trace) {
		NDArray up = Interpolation.upsample(x, stride); // (B, Cin, H', W', D')
		long[] s = skip.getShape().getShape();
		up = up.get(new NDIndex(":, :, :{}, :{}, :{}", (int) s[2], (int) s[3], (int) s[4])); // (B, Cin, Hs, Ws, Ds)
		NDArray cat = NDArrays.concat(new NDList(up, skip), 1); // (B, Cin + Cout, Hs, Ws, Ds)
		NDArray y = convConcat.forward(ps, Layers.leakyRelu(normConcat.forward(ps, cat, training)));
		if (trace != null) trace.put("sia_in", y);
		y = sia.forward(ps, y, prompts, classes, trace);
		if (trace != null) trace.put("sia_out", y);
		return y;
	}
}
