package io.github.punetfiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {
	@Test
	void pytorchEngineRunsOffline() {
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray a = m.arange(6f).reshape(2, 3);
			assertEquals(15f, a.sum().getFloat(), 0f);
			assertEquals("PyTorch", m.getEngine().getEngineName());
		}
	}
}
