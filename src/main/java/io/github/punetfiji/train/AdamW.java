package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.model.NpyTensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW as {@code torch.optim.AdamW} (betas 0.9/0.999, eps 1e-8, decoupled weight decay
 * {@code p -= lr * wd * p} before the Adam step, bias-corrected moments), over parameter groups with their
 * own learning rate (and momentum {@code beta1}, which the one-cycle schedule cycles). Its state (step
 * count and moments, by reference parameter name) is saved in checkpoints so a resumed run continues the
 * same trajectory.
 *
 * <p>Updates run outside any gradient collector, in place, so parameters keep their identity; gradients
 * are zeroed after the step (DJL's PyTorch engine accumulates them).
 */
public final class AdamW {
	/** One parameter group. */
	public static final class Group {
		final String name;
		final Map<String, Parameter> params;
		double lr;
		double beta1 = 0.9;
		final double weightDecay;

		public Group(String name, Map<String, Parameter> params, double lr, double weightDecay) {
			this.name = name;
			this.params = params;
			this.lr = lr;
			this.weightDecay = weightDecay;
		}

		public void setLearningRate(double lr) {
			this.lr = lr;
		}

		public void setBeta1(double beta1) {
			this.beta1 = beta1;
		}

		public double learningRate() {
			return lr;
		}

		public Map<String, Parameter> parameters() {
			return params;
		}
	}

	private static final double BETA2 = 0.999;
	private static final double EPS = 1e-8;
	private final List<Group> groups;
	private final NDManager stateManager;
	private final Map<String, NDArray> m = new LinkedHashMap<>();
	private final Map<String, NDArray> v = new LinkedHashMap<>();
	private final Map<String, Double> beta1Products = new LinkedHashMap<>();
	private final Map<String, Long> steps = new LinkedHashMap<>();

	public AdamW(List<Group> groups, NDManager parent) {
		this.groups = groups;
		this.stateManager = parent.newSubManager();
		// NB: moments are allocated up front, outside the per-step scopes that close temporaries.
		for (Group g : groups) {
			for (Map.Entry<String, Parameter> e : g.params.entrySet()) {
				m.put(e.getKey(), stateManager.zeros(e.getValue().getShape()));
				v.put(e.getKey(), stateManager.zeros(e.getValue().getShape()));
			}
		}
	}

	public List<Group> groups() {
		return groups;
	}

	/** One step over every parameter that requires a gradient; then zeroes the gradients. */
	public void step() {
		for (Group g : groups) {
			for (Map.Entry<String, Parameter> e : g.params.entrySet()) {
				NDArray w = e.getValue().getArray();
				if (!w.hasGradient()) continue;
				NDArray grad = w.getGradient();
				String key = e.getKey();
				long t = steps.merge(key, 1L, Long::sum);
				NDArray mt = m.get(key);
				NDArray vt = v.get(key);
				// NB: torch's bias correction uses beta1^t; with a cycled beta1 it uses the current beta1.
				double bc1 = 1 - Math.pow(g.beta1, t);
				double bc2 = 1 - Math.pow(BETA2, t);
				// NB: every temporary is created inside the scope and closed with it; state arrays exist already.
				try (NDScope scope = new NDScope()) {
					if (g.weightDecay != 0) w.muli(1 - g.lr * g.weightDecay);
					mt.muli(g.beta1).addi(grad.mul(1 - g.beta1));
					vt.muli(BETA2).addi(grad.mul(grad).muli(1 - BETA2));
					NDArray denom = vt.sqrt().divi(Math.sqrt(bc2)).addi(EPS);
					w.subi(mt.div(denom).muli(g.lr / bc1));
				}
				grad.muli(0); // the engine accumulates gradients
			}
		}
	}

	/** Zeroes every gradient without stepping (e.g. after a skipped step). */
	public void zeroGradients() {
		for (Group g : groups) {
			for (Parameter p : g.params.values()) {
				NDArray w = p.getArray();
				if (w.hasGradient()) w.getGradient().muli(0);
			}
		}
	}

	/** The optimizer state as arrays: {@code m/<name>}, {@code v/<name>}, {@code step/<name>}. */
	public Map<String, NpyArray> state() {
		Map<String, NpyArray> out = new LinkedHashMap<>();
		for (String k : steps.keySet()) {
			out.put("m/" + k, NpyTensors.toNpy(m.get(k)));
			out.put("v/" + k, NpyTensors.toNpy(v.get(k)));
			out.put("step/" + k, NpyArray.ofLongs(new long[0], new long[] {steps.get(k)}));
		}
		return out;
	}

	/** Restores {@link #state()}; names that the groups do not have are ignored. */
	public void load(Map<String, NpyArray> state) {
		for (Group g : groups) {
			for (String k : g.params.keySet()) {
				NpyArray mm = state.get("m/" + k);
				if (mm == null) continue;
				m.get(k).set(mm.bytes());
				v.get(k).set(state.get("v/" + k).bytes());
				steps.put(k, state.get("step/" + k).toLongs()[0]);
			}
		}
	}
}
