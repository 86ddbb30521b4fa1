package io.github.punetfiji.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.github.punetfiji.model.runtime.KernelSelfCheck;
import io.github.punetfiji.model.runtime.KernelSelfCheck.Scope;
import io.github.punetfiji.model.runtime.TorchRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A self-check of the native kernels the network runs on the CPU, against results computed another way
 * ({@link NaiveKernels}, plain Java loops in double precision) on small seeded tensors: every distinct
 * convolution of the presets (2D and 3D, strided, 1×1×1, the W = 1 forms of the 2D networks), forward and
 * both gradients; the attention path's linear layers (with gradients), batched matrix products, softmax and
 * layer norm; batch norm with batch statistics; the decoder's trilinear up-sampling.
 *
 * <p>Why: libtorch's oneDNN picks its convolution kernels by instruction set, and on some CPUs a kernel
 * computes wrong values (AMD Zen 5 with libtorch 2.7.1's AVX-512 kernels: errors up to 2 on random data,
 * docs/architecture.md, "Runtime"). {@link KernelGuard} runs this check before real work and caps the instruction set when it
 * fails. A float32 kernel that is right differs from the double-precision loops by ~1e-6 of the values'
 * scale; a failure is an error above {@link #TOLERANCE} of that scale, where the faults seen are 0.1–2.
 *
 * <p>{@link Scope#FULL} covers every preset's convolutions, alone and inside a forward pass of its network
 * (seconds; run once per machine and libtorch in a child process per level, whose verdict is cached);
 * {@link Scope#QUICK} the {@code tiny} network's, alone (a fraction of a second; run in every process after the
 * cap is in force, which it confirms: the faulty kernels seen fail there too).
 */
public final class KernelCheck {
	/** Bump when the cases change, so that verdicts cached by an older check are not reused. */
	public static final int VERSION = 1;
	/** The line prefix of {@link #main}'s verdict ({@link KernelSelfCheck#VERDICT_PREFIX}). */
	static final String VERDICT_PREFIX = KernelSelfCheck.VERDICT_PREFIX;
	/** A failure is a maximum absolute error above this fraction of the reference's largest magnitude (at least 1). */
	static final double TOLERANCE = 1e-4;
	/** This check as the runtime's {@link KernelSelfCheck} ({@code META-INF/services}), which {@link KernelGuard} runs. */
	public static final class Service implements KernelSelfCheck {
		@Override
		public int version() {
			return VERSION;
		}

		@Override
		public Outcome check(Scope scope) {
			return run(scope);
		}

		@Override
		public Class<?> mainClass() {
			return KernelCheck.class;
		}
	}

	/** One operation whose native result differs from the plain-Java one. */
	public record Failure(String op, double error, double scale) {
		@Override
		public String toString() {
			return op + ": max error " + String.format(java.util.Locale.ROOT, "%.3g", error) + " (values up to "
					+ String.format(java.util.Locale.ROOT, "%.3g", scale) + ")";
		}
	}

	/** The outcome: how many operations were compared and which of them failed. */
	public record Report(Scope scope, int checked, List<Failure> failures, long millis,
			boolean complete) implements KernelSelfCheck.Outcome {
		@Override
		public boolean passed() {
			return failures.isEmpty();
		}

		/** The failure with the largest error relative to its scale, or null. */
		public Failure worst() {
			Failure w = null;
			for (Failure f : failures) if (w == null || f.error / f.scale > w.error / w.scale) w = f;
			return w;
		}

		/** {@code passed}, or the number of failures and the worst one. */
		@Override
		public String summary() {
			if (passed()) return "passed (" + checked + " operations)";
			return complete ? failures.size() + " of " + checked + " operations wrong, worst " + worst() : "wrong: " + worst();
		}
	}

	private KernelCheck() {}

	/** Runs the check on the CPU with the engine as loaded (the caller chose the instruction set before). */
	public static Report run(Scope scope) {
		return run(scope, null);
	}

	/**
	 * As {@link #run(Scope)}; {@code corrupt} (tests only) alters every native result before comparison, to
	 * prove that a wrong kernel is caught.
	 */
	static Report run(Scope scope, java.util.function.UnaryOperator<float[]> corrupt) {
		return run(scope, corrupt, false);
	}

	/** As {@link #run(Scope)}, stopping at the first failure when {@code failFast} (a level being tried needs no more). */
	static Report run(Scope scope, java.util.function.UnaryOperator<float[]> corrupt, boolean failFast) {
		long t0 = System.nanoTime();
		Checker c = new Checker(corrupt == null ? a -> a : corrupt, failFast);
		boolean complete = true;
		boolean previous = JniUtils.isGradMode();
		try (NDManager m = NDManager.newBaseManager(Device.cpu(), Engine.getEngine("PyTorch").getEngineName())) {
			JniUtils.setGradMode(true); // NB: the gradients come from libtorch's autograd; restored below
			Random r = new Random(20261202L);
			for (NaiveKernels.Conv conv : convolutions(scope, m)) c.conv(m, conv, r);
			for (PunetConfig config : scope == Scope.FULL ? networks(scope) : List.<PunetConfig>of()) {
				forward(config, m, (conv, x, w, b, y) -> c.compare(conv + " inside the " + config.presetName() + " network", y, NaiveKernels
						.convForward(conv, x.toFloatArray(), w.toFloatArray(), b == null ? new float[conv.out()] : b.toFloatArray())));
			}
			c.linear(m, r);
			c.matMul(m, r);
			c.softmaxAndLayerNorm(m, r);
			c.batchNorm(m, r);
			c.upsample(m, r);
		} catch (Checker.Stop stop) {
			complete = false; // NB: fail fast: the first failure decides
		} finally {
			JniUtils.setGradMode(previous);
		}
		return new Report(scope, c.checked, List.copyOf(c.failures), (System.nanoTime() - t0) / 1_000_000, complete);
	}

	/**
	 * The distinct convolutions to check alone, forward and backward. {@link Scope#QUICK}: every convolution
	 * layer of the {@code tiny} network, 2D and with a depth of 4, at an 8×8 input. {@link Scope#FULL}: those of
	 * every preset's network at 8×8 (4×4 for the widest), and every convolution as the networks run it,
	 * recorded from a forward pass of each ({@link #forward}), so that the sizes of the deep levels are covered.
	 */
	static List<NaiveKernels.Conv> convolutions(Scope scope, NDManager m) {
		Map<String, NaiveKernels.Conv> out = new LinkedHashMap<>();
		List<PunetConfig> networks = networks(scope);
		for (PunetConfig config : networks) {
			boolean threeD = config.patchSizeStudents()[0][2] > 1;
			for (Layers.Conv layer : convLayers(new PunetNetwork(config), new ArrayList<>())) {
				int[] k = layer.kernel(), s = layer.stride();
				int depth = k[2] == 3 || s[2] == 2 ? 4 : threeD ? 2 : 1;
				int plane = (long) layer.in() * layer.out() > 100_000 ? 4 : 8;
				NaiveKernels.Conv conv = new NaiveKernels.Conv(2, layer.in(), layer.out(), new int[] {plane, plane, depth}, k, s);
				out.putIfAbsent(conv.toString(), conv);
			}
		}
		if (scope == Scope.FULL) {
			for (PunetConfig config : networks) {
				forward(config, m, (c, x, w, b, y) -> out.putIfAbsent(c.toString(), c));
			}
		}
		return new ArrayList<>(out.values());
	}

	/** The scope's networks ({@code tiny}, or every preset), each 2D one also with a depth of 4 (its layers with a depth kernel of 3). */
	private static List<PunetConfig> networks(Scope scope) {
		List<PunetConfig> configs = new ArrayList<>();
		for (String p : scope == Scope.FULL ? PunetConfig.PRESETS : List.of("tiny")) {
			PunetConfig c = PunetConfig.preset(p);
			configs.add(c);
			if (c.patchSizeStudents()[0][2] == 1)
				configs.add(c.with("patch_size_students", List.of(List.of(32L, 32L, 4L), List.of(32L, 32L, 4L)))
						.with("patch_size_teacher", new int[] {32, 32, 4}).with("attn_window_size", new int[] {4, 4, 2}).validate());
		}
		return configs;
	}

	/**
	 * One forward pass (batch 2; at most 32×32 in-plane, the widest networks 16×16) of a randomly initialised
	 * network, each convolution shown to {@code o}. Some faulty kernels are right on fresh operands and wrong only
	 * amid a network's other work (on Zen 5 at AVX2: 32→40 on a 2×2×2 input, 112→48 on 4×4×2), so the
	 * convolutions are also checked there.
	 */
	private static void forward(PunetConfig config, NDManager m, Layers.Conv.Observer o) {
		int[] p = config.patchSizeStudents()[config.patchSizeStudents().length - 1];
		int plane = config.hiddenChannels()[0] > 16 ? 16 : 32;
		try (NDManager s = m.newSubManager()) {
			PunetNetwork net = new PunetNetwork(config);
			net.initializeParameters(s);
			Layers.Conv.OBSERVER.set(o);
			net.forward(new ai.djl.training.ParameterStore(s, false),
					s.randomUniform(-1, 1, new Shape(2, config.inChannels(), Math.min(p[0], plane), Math.min(p[1], plane), p[2])), null,
					false);
		} finally {
			Layers.Conv.OBSERVER.remove();
		}
	}

	private static List<Layers.Conv> convLayers(Block block, List<Layers.Conv> out) {
		if (block instanceof Layers.Conv) out.add((Layers.Conv) block);
		for (Pair<String, Block> child : block.getChildren()) convLayers(child.getValue(), out);
		return out;
	}

	/** Compares native results with {@link NaiveKernels} and collects the failures. */
	private static final class Checker {
		final java.util.function.UnaryOperator<float[]> corrupt;
		final boolean failFast;
		final List<Failure> failures = new ArrayList<>();
		int checked;

		/** Ends a fail-fast run at its first failure. */
		static final class Stop extends RuntimeException {
			Stop() {
				super(null, null, false, false);
			}
		}

		Checker(java.util.function.UnaryOperator<float[]> corrupt, boolean failFast) {
			this.corrupt = corrupt;
			this.failFast = failFast;
		}

		void conv(NDManager m, NaiveKernels.Conv c, Random r) {
			float[] x = uniform(r, c.b() * c.in() * c.inVolume(), 1);
			float[] w = uniform(r, c.out() * c.in() * c.kernelVolume(), (float) (1 / Math.sqrt(c.in() * c.kernelVolume())));
			float[] bias = uniform(r, c.out(), 0.1f);
			float[] g = uniform(r, c.b() * c.out() * c.outVolume(), 1);
			try (NDManager s = m.newSubManager()) {
				NDArray xa = s.create(x, new Shape(c.b(), c.in(), c.size()[0], c.size()[1], c.size()[2]));
				NDArray wa = s.create(w, new Shape(c.out(), c.in(), c.kernel()[0], c.kernel()[1], c.kernel()[2]));
				xa.setRequiresGradient(true);
				wa.setRequiresGradient(true);
				Shape stride = new Shape(c.stride()[0], c.stride()[1], c.stride()[2]);
				Shape pad = new Shape(c.pad(0), c.pad(1), c.pad(2));
				NDArray y = Conv3d.conv3d(xa, wa, s.create(bias), stride, pad, new Shape(1, 1, 1), 1).head();
				compare(c + " forward", y, NaiveKernels.convForward(c, x, w, bias));
				JniUtils.backward((PtNDArray) y, (PtNDArray) s.create(g, y.getShape()), false, false);
				compare(c + " input gradient", xa.getGradient(), NaiveKernels.convGradInput(c, w, g));
				compare(c + " weight gradient", wa.getGradient(), NaiveKernels.convGradWeight(c, x, g));
			}
		}

		/** {@code nn.Linear} over tokens {@code (B, N, C)}, as the attention projections, with both gradients. */
		void linear(NDManager m, Random r) {
			int n = 2 * 37, in = 48, out = 40;
			float[] x = uniform(r, n * in, 1), w = uniform(r, out * in, (float) (1 / Math.sqrt(in))), b = uniform(r, out, 0.1f),
					g = uniform(r, n * out, 1);
			try (NDManager s = m.newSubManager()) {
				NDArray xa = s.create(x, new Shape(2, 37, in));
				NDArray wa = s.create(w, new Shape(out, in));
				xa.setRequiresGradient(true);
				wa.setRequiresGradient(true);
				NDArray y = Linear.linear(xa, wa, s.create(b)).head();
				double[] ref = NaiveKernels.matMul(x, transpose(w, out, in), 1, n, in, out);
				for (int i = 0; i < ref.length; i++) ref[i] += b[i % out];
				compare("linear " + in + "→" + out + " forward", y, ref);
				JniUtils.backward((PtNDArray) y, (PtNDArray) s.create(g, y.getShape()), false, false);
				compare("linear " + in + "→" + out + " input gradient", xa.getGradient(), NaiveKernels.matMul(g, w, 1, n, out, in));
				compare("linear " + in + "→" + out + " weight gradient", wa.getGradient(),
						NaiveKernels.matMul(transpose(g, n, out), x, 1, out, n, in));
			}
		}

		/** The attention's batched products {@code (B, P, h, N, c) @ (B, P, h, c, N)}. */
		void matMul(NDManager m, Random r) {
			int batch = 2 * 3 * 2, n = 13, c = 8;
			float[] q = uniform(r, batch * n * c, 1), k = uniform(r, batch * c * n, 1);
			try (NDManager s = m.newSubManager()) {
				NDArray y = s.create(q, new Shape(2, 3, 2, n, c)).matMul(s.create(k, new Shape(2, 3, 2, c, n)));
				compare("batched matmul (2, 3, 2, 13, 8) @ (2, 3, 2, 8, 13)", y, NaiveKernels.matMul(q, k, batch, n, c, n));
			}
		}

		void softmaxAndLayerNorm(NDManager m, Random r) {
			int rows = 2 * 3 * 13, n = 24;
			float[] x = uniform(r, rows * n, 3), gamma = uniform(r, n, 1), beta = uniform(r, n, 1);
			try (NDManager s = m.newSubManager()) {
				NDArray xa = s.create(x, new Shape(2, 3, 13, n));
				compare("softmax over 24", xa.softmax(-1), NaiveKernels.softmax(x, n));
				NDArray ln = LayerNorm.layerNorm(xa, new Shape(n), s.create(gamma), s.create(beta), 1e-5f).head();
				compare("layer norm over 24", ln, NaiveKernels.layerNorm(x, n, gamma, beta));
			}
		}

		void batchNorm(NDManager m, Random r) {
			int b = 2, c = 5, v = 4 * 4 * 3;
			float[] x = uniform(r, b * c * v, 2), gamma = uniform(r, c, 1), beta = uniform(r, c, 1);
			try (NDManager s = m.newSubManager()) {
				NDArray y = BatchNorm.batchNorm(s.create(x, new Shape(b, c, 4, 4, 3)), s.zeros(new Shape(c)), s.ones(new Shape(c)),
						s.create(gamma), s.create(beta), 1, 0.9f, 1e-5f, true).head();
				compare("batch norm with batch statistics", y, NaiveKernels.batchNormTraining(x, b, c, v, gamma, beta));
			}
		}

		void upsample(NDManager m, Random r) {
			int q = 2 * 3, h = 3, w = 4, d = 2;
			float[] x = uniform(r, q * h * w * d, 1);
			try (NDManager s = m.newSubManager()) {
				NDArray y = Interpolation.upsample(s.create(x, new Shape(2, 3, h, w, d)), new int[] {2, 2, 2});
				compare("trilinear up-sampling ×2", y, NaiveKernels.upsample2(x, q, h, w, d));
			}
		}

		void compare(String op, NDArray actual, double[] expected) {
			checked++;
			float[] a = corrupt.apply(actual.toFloatArray());
			double scale = 1, error = a.length == expected.length ? 0 : Double.POSITIVE_INFINITY;
			for (double e : expected) scale = Math.max(scale, Math.abs(e));
			for (int i = 0; i < Math.min(a.length, expected.length); i++) {
				double d = Math.abs(a[i] - expected[i]);
				error = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(error, d);
			}
			if (error > TOLERANCE * scale) {
				failures.add(new Failure(op, error, scale));
				if (failFast) throw new Stop();
			}
		}
	}

	private static float[] uniform(Random r, int n, float bound) {
		float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (r.nextFloat() * 2 - 1) * bound;
		return a;
	}

	private static float[] transpose(float[] a, int rows, int cols) {
		float[] t = new float[a.length];
		for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
		return t;
	}

	/**
	 * The child-process form ({@link KernelGuard} starts it with an instruction-set cap in its environment): runs
	 * the check ({@code full} or {@code quick}, {@code --fail-fast} to stop at the first failure) and prints one
	 * verdict line, {@value #VERDICT_PREFIX} then JSON.
	 * Exit 0 when it passed, 1 when it failed.
	 */
	public static void main(String[] args) {
		System.setProperty(KernelSelfCheck.CHILD_PROPERTY, "true");
		TorchRuntime.prepare();
		Engine.getEngine("PyTorch");
		List<String> a = java.util.Arrays.asList(args);
		Report report = run(a.contains("quick") ? Scope.QUICK : Scope.FULL, null, a.contains("--fail-fast"));
		Map<String, Object> j = new LinkedHashMap<>();
		j.put("passed", report.passed());
		j.put("checked", report.checked());
		j.put("millis", report.millis());
		j.put("summary", report.summary());
		j.put("failures", report.failures().stream().map(Failure::toString).collect(java.util.stream.Collectors.toList()));
		System.out.println(VERDICT_PREFIX + io.github.punetfiji.io.Json.write(j));
		System.out.flush();
		System.exit(report.passed() ? 0 : 1);
	}
}
