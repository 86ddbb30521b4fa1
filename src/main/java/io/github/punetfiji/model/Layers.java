package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.model.runtime.TorchRuntime;

/**
 * The elementary layers, named like their PyTorch counterparts so that {@code state_dict} names match:
 * {@code nn.Conv3d} ({@code weight}, {@code bias}), MONAI's {@code Convolution(conv_only=True)} (a
 * {@code conv} child), {@code nn.BatchNorm3d}, {@code nn.LayerNorm} and {@code nn.Linear}.
 *
 * <p>Dimension letters: B batch, C channels, H W D spatial (image x, y, z), N tokens.
 */
public final class Layers {
	private Layers() {}

	/** LeakyReLU with slope 0.01 (PyTorch's and MONAI's default). */
	public static NDArray leakyRelu(NDArray x) {
		return ai.djl.nn.Activation.leakyRelu(x, 0.01f);
	}

	/** {@code nn.Conv3d} with 'same'-style padding {@code (k-1)/2}. Input and output {@code (B, C, H, W, D)}. */
	public static final class Conv extends PunetBlock {
		private final Parameter weight;
		private final Parameter bias;
		private final int[] stride;
		private final int[] kernel;

		public Conv(int in, int out, int[] kernel, int[] stride, boolean withBias) {
			this.kernel = kernel.clone();
			this.stride = stride.clone();
			long fanIn = (long) in * kernel[0] * kernel[1] * kernel[2];
			weight = param("weight", new Shape(out, in, kernel[0], kernel[1], kernel[2]), fanIn(fanIn));
			bias = withBias ? param("bias", new Shape(out), fanIn(fanIn)) : null;
		}

		int in() {
			return (int) weight.getShape().get(1);
		}

		int out() {
			return (int) weight.getShape().get(0);
		}

		int[] kernel() {
			return kernel.clone();
		}

		int[] stride() {
			return stride.clone();
		}

		/** Sees each convolution of a forward pass: its geometry, operands and native result. */
		interface Observer {
			void seen(NaiveKernels.Conv geometry, NDArray x, NDArray weight, NDArray bias, NDArray y);
		}

		/** When set (by {@link KernelCheck}, in its own thread), every convolution is shown to it. */
		static final ThreadLocal<Observer> OBSERVER = new ThreadLocal<>();

		public NDArray forward(ParameterStore ps, NDArray x) {
			TorchRuntime.engine(); // NB: the kernel self-check runs before the first convolution, whoever calls it
			NDArray w = v(ps, weight, x);
			NDArray b = bias == null ? null : v(ps, bias, x);
			Shape pad = new Shape((kernel[0] - 1) / 2, (kernel[1] - 1) / 2, (kernel[2] - 1) / 2);
			NDArray y = Conv3d.conv3d(x, w, b, new Shape(stride[0], stride[1], stride[2]), pad, new Shape(1, 1, 1), 1).head();
			Observer o = OBSERVER.get();
			if (o != null) {
				long[] s = x.getShape().getShape(); // (B, C, H, W, D)
				o.seen(new NaiveKernels.Conv((int) s[0], in(), out(), new int[] {(int) s[2], (int) s[3], (int) s[4]}, kernel, stride), x, w,
						b, y);
			}
			return y;
		}
	}

	/** MONAI {@code Convolution(conv_only=True)}: a sequential whose only child is {@code conv}. */
	public static final class MonaiConv extends PunetBlock {
		private final Conv conv;

		public MonaiConv(int in, int out, int[] kernel, int[] stride, boolean withBias) {
			conv = child("conv", new Conv(in, out, kernel, stride, withBias));
		}

		public NDArray forward(ParameterStore ps, NDArray x) {
			return conv.forward(ps, x);
		}
	}

	/** {@code nn.BatchNorm3d} (eps 1e-5, momentum 0.1, unbiased running variance) over axis 1. */
	public static final class BatchNorm3d extends PunetBlock {
		private final Parameter weight;
		private final Parameter bias;
		private final Parameter runningMean;
		private final Parameter runningVar;
		private final Parameter numBatchesTracked;

		public BatchNorm3d(int channels) {
			weight = param("weight", new Shape(channels), constant(1f));
			bias = param("bias", new Shape(channels), constant(0f));
			runningMean = buffer("running_mean", new Shape(channels), constant(0f));
			runningVar = buffer("running_var", new Shape(channels), constant(1f));
			numBatchesTracked = buffer("num_batches_tracked", new Shape(), constant(0f));
		}

		/** In training mode uses batch statistics and updates the running statistics in place. */
		public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
			NDArray mean = v(ps, runningMean, x);
			NDArray var = v(ps, runningVar, x);
			// NB: DJL's momentum is the weight of the old value (PyTorch momentum 0.1 == DJL 0.9).
			NDArray y = BatchNorm.batchNorm(x, mean, var, v(ps, weight, x), v(ps, bias, x), 1, 0.9f, 1e-5f, training).head();
			if (training) {
				NDArray n = numBatchesTracked.getArray();
				n.addi(n.getDataType() == DataType.INT64 ? n.getManager().create(1L) : n.getManager().create(1f));
			}
			return y;
		}
	}

	/** {@code nn.LayerNorm(channels)} over the last axis, eps 1e-5. */
	public static final class LayerNormLayer extends PunetBlock {
		private final Parameter weight;
		private final Parameter bias;
		private final int channels;

		public LayerNormLayer(int channels) {
			this.channels = channels;
			weight = param("weight", new Shape(channels), constant(1f));
			bias = param("bias", new Shape(channels), constant(0f));
		}

		public NDArray forward(ParameterStore ps, NDArray x) {
			return LayerNorm.layerNorm(x, new Shape(channels), v(ps, weight, x), v(ps, bias, x), 1e-5f).head();
		}
	}

	/** {@code nn.Linear(in, out)}: {@code y = x W^T + b} over the last axis. */
	public static final class LinearLayer extends PunetBlock {
		private final Parameter weight;
		private final Parameter bias;

		public LinearLayer(int in, int out, boolean withBias) {
			weight = param("weight", new Shape(out, in), fanIn(in));
			bias = withBias ? param("bias", new Shape(out), fanIn(in)) : null;
		}

		public NDArray forward(ParameterStore ps, NDArray x) {
			return bias == null ? Linear.linear(x, v(ps, weight, x)).head() : Linear.linear(x, v(ps, weight, x), v(ps, bias, x)).head();
		}
	}
}
