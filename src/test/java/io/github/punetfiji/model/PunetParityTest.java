package io.github.punetfiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.Fixtures;
import io.github.punetfiji.io.NpyArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network against tensors recorded from the Python reference: every intermediate and final output,
 * eval and train mode, with and without prompts, 2D, 3D and the adapter/fixed variant.
 */
class PunetParityTest {
	static final double RTOL = 1e-4;
	static final double ATOL = 1e-5;
	/**
	 * Train mode normalises with the statistics of a 2-sample batch, which amplifies float32 summation-order
	 * differences: against the reference's tensors (values up to 3.7), the largest difference measured was
	 * 1.3e-5 with 2 libtorch threads and 2.6e-5 with 1 (3 of 4,096 elements over 1e-5); eval mode stays
	 * within {@link #ATOL}.
	 */
	static final double TRAIN_ATOL = 5e-5;
	static NDManager manager;

	@BeforeAll
	static void setUp() {
		manager = NDManager.newBaseManager();
	}

	@AfterAll
	static void tearDown() {
		manager.close();
	}

	@SuppressWarnings("unchecked")
	static PunetNetwork network(String fixture, Map<String, NpyArray> npz, NDManager m) {
		Map<String, Object> json = Fixtures.json(fixture);
		PunetNetwork net = new PunetNetwork(PunetConfig.fromMap((Map<String, Object>) json.get("config")));
		net.initializeParameters(m);
		Weights.load(net, npz, "param/", fixture);
		return net;
	}

	static int[][] labelIndices(NpyArray a) {
		long[] s = a.shape();
		long[] v = a.toLongs();
		int[][] li = new int[(int) s[0]][(int) s[1]];
		for (int b = 0; b < s[0]; b++) {
			for (int c = 0; c < s[1]; c++) li[b][c] = (int) v[(int) (b * s[1] + c)];
		}
		return li;
	}

	/** Runs one recorded forward and compares every recorded output under its prefix. */
	static int check(PunetNetwork net, Map<String, NpyArray> npz, String prefix, String input, PunetNetwork.Mode mode, boolean training) {
		return check(net, npz, prefix, input, mode, training, training ? TRAIN_ATOL : ATOL);
	}

	static int check(PunetNetwork net, Map<String, NpyArray> npz, String prefix, String input, PunetNetwork.Mode mode, boolean training,
			double atol) {
		try (NDManager m = manager.newSubManager()) {
			NDArray x = NpyTensors.toNDArray(m, npz.get(input));
			int[][] li = labelIndices(npz.get("in/label_indices"));
			PunetOutput out = net.forward(new ParameterStore(m, false), x, li, mode, training, true);
			int compared = 0;
			for (Map.Entry<String, NpyArray> e : npz.entrySet()) {
				if (!e.getKey().startsWith(prefix)) continue;
				String key = e.getKey().substring(prefix.length());
				if (key.startsWith("bn_state_after/")) continue;
				NDArray actual = out.intermediates.get(key);
				assertTrue(actual != null, "no output recorded for " + e.getKey());
				Fixtures.assertClose(e.getKey(), e.getValue(), actual, RTOL, atol);
				compared++;
			}
			return compared;
		}
	}

	@Test
	void tiny2dEvalEveryIntermediate() {
		Map<String, NpyArray> npz = Fixtures.npz("tiny-2d");
		PunetNetwork net = network("tiny-2d", npz, manager);
		assertTrue(check(net, npz, "out/eval/", "in/x", PunetNetwork.Mode.BOTH, false) > 40);
		assertEquals(3, check(net, npz, "out/eval_self/", "in/x", PunetNetwork.Mode.SELF, false));
		assertTrue(check(net, npz, "out/eval_24/", "in/x_24", PunetNetwork.Mode.BOTH, false) >= 10);
		assertTrue(check(net, npz, "out/eval_40/", "in/x_40", PunetNetwork.Mode.BOTH, false) >= 10);
	}

	@Test
	void tiny3dEval() {
		Map<String, NpyArray> npz = Fixtures.npz("tiny-3d");
		PunetNetwork net = network("tiny-3d", npz, manager);
		assertTrue(check(net, npz, "out/eval/", "in/x", PunetNetwork.Mode.BOTH, false) > 20);
		check(net, npz, "out/eval_self/", "in/x", PunetNetwork.Mode.SELF, false);
		assertTrue(check(net, npz, "out/eval_12/", "in/x_12", PunetNetwork.Mode.BOTH, false) >= 10);
	}

	@Test
	void adapterFixedEval() {
		Map<String, NpyArray> npz = Fixtures.npz("tiny-2d-adapter-fixed");
		PunetNetwork net = network("tiny-2d-adapter-fixed", npz, manager);
		assertTrue(check(net, npz, "out/eval/", "in/x", PunetNetwork.Mode.BOTH, false) > 10);
		assertTrue(check(net, npz, "out/eval_24/", "in/x_24", PunetNetwork.Mode.BOTH, false) >= 10);
	}

	@Test
	void trainModeUsesBatchStatisticsAndUpdatesRunningStatistics() {
		for (String fixture : List.of("tiny-2d", "tiny-3d", "tiny-2d-adapter-fixed")) {
			try (NDManager m = manager.newSubManager()) {
				Map<String, NpyArray> npz = Fixtures.npz(fixture);
				PunetNetwork net = network(fixture, npz, m);
				check(net, npz, "out/train/", "in/x", PunetNetwork.Mode.BOTH, true);
				Map<String, ai.djl.nn.Parameter> params = net.namedParameters();
				int buffers = 0;
				for (Map.Entry<String, NpyArray> e : npz.entrySet()) {
					if (!e.getKey().startsWith("out/train/bn_state_after/")) continue;
					String name = e.getKey().substring("out/train/bn_state_after/".length());
					Fixtures.assertClose(fixture + " " + name, e.getValue(), params.get(name).getArray(), RTOL, ATOL);
					buffers++;
				}
				assertTrue(buffers > 20, fixture + ": compared " + buffers + " batch-norm buffers");
			}
		}
	}
}
