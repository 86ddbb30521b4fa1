package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * MONAI's {@code UnetResBlock} (the CNN stem): {@code lrelu(norm2(conv2(lrelu(norm1(conv1(x))))) + r)}
 * with {@code r = norm3(conv3(x))} when channels or stride change, else {@code r = x}. Convolutions have
 * no bias. Map {@code (B, C, H, W, D)}.
 */
public final class UnetResBlock extends PunetBlock {
	private final Layers.MonaiConv conv1, conv2, conv3;
	private final Layers.BatchNorm3d norm1, norm2, norm3;

	public UnetResBlock(int in, int out, int[] kernel, int[] stride) {
		conv1 = child("conv1", new Layers.MonaiConv(in, out, kernel, stride, false));
		conv2 = child("conv2", new Layers.MonaiConv(out, out, kernel, new int[] {1, 1, 1}, false));
		norm1 = child("norm1", new Layers.BatchNorm3d(out));
		norm2 = child("norm2", new Layers.BatchNorm3d(out));
		boolean downsample = in != out || stride[0] != 1 || stride[1] != 1 || stride[2] != 1;
		conv3 = downsample ? child("conv3", new Layers.MonaiConv(in, out, new int[] {1, 1, 1}, stride, false)) : null;
		norm3 = downsample ? child("norm3", new Layers.BatchNorm3d(out)) : null;
	}

	public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
		return Constants.scoped(false, () -> forwardScoped(ps, x, training));
	}

	private NDArray forwardScoped(ParameterStore ps, NDArray x, boolean training) {
		NDArray out = Layers.leakyRelu(norm1.forward(ps, conv1.forward(ps, x), training));
		out = norm2.forward(ps, conv2.forward(ps, out), training);
		NDArray residual = conv3 == null ? x : norm3.forward(ps, conv3.forward(ps, x), training);
		return Layers.leakyRelu(out.add(residual));
	}
}
