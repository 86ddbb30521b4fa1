package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * An encoder level ({@code DeepSIAResBlock}): {@code x' = PSWin(conv(lrelu(norm(x)))) + conv_res(norm_res(x))};
 * both convolutions carry a bias; {@code conv_res} is 1×1×1 with the same stride. Map {@code (B, C, H, W, D)}.
 */
public final class EncoderBlock extends PunetBlock {
	private final Layers.BatchNorm3d norm, normRes;
	private final Layers.MonaiConv conv, convRes;
	private final PSWinBlock sia;

	public EncoderBlock(int in, int out, int[] kernel, int[] stride, PSWinBlock sia) {
		norm = child("norm", new Layers.BatchNorm3d(in));
		conv = child("conv", new Layers.MonaiConv(in, out, kernel, stride, true));
		this.sia = child("sia", sia);
		normRes = child("norm_res", new Layers.BatchNorm3d(in));
		convRes = child("conv_res", new Layers.MonaiConv(in, out, new int[] {1, 1, 1}, stride, true));
	}

	public NDArray forward(ParameterStore ps, NDArray x, NDArray[] prompts, int[][] classes, boolean training, Map<String, NDArray> trace) {
		return Constants.scoped(trace != null, () -> forwardScoped(ps, x, prompts, classes, training, trace));
	}

	private NDArray forwardScoped(ParameterStore ps, NDArray x, NDArray[] prompts, int[][] classes, boolean training,
			Map<String, NDArray> trace) {
		NDArray y = conv.forward(ps, Layers.leakyRelu(norm.forward(ps, x, training)));
		if (trace != null) trace.put("sia_in", y);
		y = sia.forward(ps, y, prompts, classes, trace);
		if (trace != null) trace.put("sia_out", y);
		return y.add(convRes.forward(ps, normRes.forward(ps, x, training)));
	}
}
