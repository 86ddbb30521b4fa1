package io.github.punetfiji.cli.bench;

/** A wall-clock deadline: how many seconds are left, and whether an estimated cost still fits. */
final class Budget {
	private final long deadline;

	private Budget(long deadline) {
		this.deadline = deadline;
	}

	/** A budget of {@code seconds} from now. */
	static Budget seconds(double seconds) {
		return new Budget(System.nanoTime() + (long) (seconds * 1e9));
	}

	/** A budget of {@code fraction} of what is left of this one, from now. */
	Budget share(double fraction) {
		return seconds(Math.max(0, left() * fraction));
	}

	double left() {
		return (deadline - System.nanoTime()) / 1e9;
	}

	boolean expired() {
		return left() <= 0;
	}

	/** Whether something estimated to take {@code seconds} ends before the deadline. */
	boolean fits(double seconds) {
		return seconds <= left();
	}
}
