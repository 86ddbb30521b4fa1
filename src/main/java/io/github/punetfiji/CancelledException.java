package io.github.punetfiji;

/** Thrown when a long operation notices that the user asked to cancel. The CLI exits with status 3. */
public class CancelledException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public CancelledException(String message) {
		super(message);
	}
}
