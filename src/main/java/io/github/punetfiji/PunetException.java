package io.github.punetfiji;

/**
 * An error the user can act on: bad arguments, bad input, a foreign model file. Its message names the
 * file or value at fault and says what was expected. The CLI prints it as one {@code punet: error: }
 * line and exits with status 2; Fiji commands show it as an error message.
 */
public class PunetException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public PunetException(String message) {
		super(message);
	}

	public PunetException(String message, Throwable cause) {
		super(message, cause);
	}
}
