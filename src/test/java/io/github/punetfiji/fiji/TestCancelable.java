package io.github.punetfiji.fiji;

import java.util.function.BooleanSupplier;
import org.scijava.Cancelable;

/** A command stand-in for the progress tests: cancelled when {@code cancelled} says so, and never by {@link #cancel}. */
final class TestCancelable implements Cancelable {
	private final BooleanSupplier cancelled;

	private TestCancelable(BooleanSupplier cancelled) {
		this.cancelled = cancelled;
	}

	/** One that is never cancelled. */
	static Cancelable never() {
		return new TestCancelable(() -> false);
	}

	/** One that is cancelled whenever {@code cancelled} is true. */
	static Cancelable when(BooleanSupplier cancelled) {
		return new TestCancelable(cancelled);
	}

	@Override
	public boolean isCanceled() {
		return cancelled.getAsBoolean();
	}

	@Override
	public void cancel(String reason) {
		// NB: the tests cancel through the supplier
	}

	@Override
	public String getCancelReason() {
		return null;
	}
}
