package io.github.punetfiji.train;

/**
 * {@code torch.optim.lr_scheduler.OneCycleLR} with the reference's downstream settings: two phases,
 * cosine annealing, {@code pct_start} 0.1, {@code div_factor} 20, {@code final_div_factor} 1, momentum
 * (Adam's beta1) cycled 0.95 → 0.85 → 0.95. The reference steps it once per epoch; {@link Trainer} steps it
 * once per training step over the run's real length unless {@code reference_schedule} is set.
 */
public final class OneCycle {
	private final int total;
	private final double pctStart;
	private final double divFactor;
	private final double finalDivFactor;

	public OneCycle(int totalSteps) {
		this(totalSteps, 0.1, 20, 1);
	}

	public OneCycle(int totalSteps, double pctStart, double divFactor, double finalDivFactor) {
		if (totalSteps < 1) throw new IllegalArgumentException("one-cycle schedule needs at least one step");
		this.total = totalSteps;
		this.pctStart = pctStart;
		this.divFactor = divFactor;
		this.finalDivFactor = finalDivFactor;
	}

	/** The learning rate at schedule step {@code t} (0-based) for a group whose maximum is {@code maxLr}. */
	public double learningRate(int t, double maxLr) {
		double initial = maxLr / divFactor;
		double min = initial / finalDivFactor;
		return phase(t, initial, maxLr, maxLr, min);
	}

	/** Adam's beta1 at schedule step {@code t}. */
	public double beta1(int t) {
		return phase(t, 0.95, 0.85, 0.85, 0.95);
	}

	private double phase(int t, double a0, double a1, double b0, double b1) {
		double end1 = pctStart * total - 1;
		double end2 = total - 1;
		int step = Math.min(t, total - 1);
		if (step <= end1) return anneal(a0, a1, end1 <= 0 ? 1 : step / end1);
		return anneal(b0, b1, end2 - end1 <= 0 ? 1 : (step - end1) / (end2 - end1));
	}

	private static double anneal(double start, double end, double pct) {
		return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
	}
}
