package io.github.punetfiji.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.punetfiji.model.runtime.GradMode;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.model.PunetNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt tuning a new class leaves the classes the model already had exactly as they were. */
class PromptTuningTest {
	static float[] predict(Path model, int[] labelIndices) {
		try (GradMode g = GradMode.off(); NDManager m = NDManager.newBaseManager(); PunetModel pm = PunetModel.load(model, m)) {
			m.getEngine().setRandomSeed(9);
			NDArray x = m.randomNormal(new Shape(1, 1, 48, 48, 1));
			return pm.network().forward(new ParameterStore(m, false), x, new int[][] {labelIndices}, PunetNetwork.Mode.BOTH, false,
					false).dense.toFloatArray();
		}
	}

	@Test
	void addingAClassDoesNotChangeTheOthers(@TempDir Path tmp) {
		Path base = PromptTuningFixtures.body(tmp, 3, new int[] {48, 48, 4});
		TrainingOptions o = PromptTuningFixtures.promptTuning(tmp, "tuned");
		o.maxEpochs = 3;
		o.overrides.put("num_samples_epoch", 6L); // 3 steps an epoch
		o.overrides.put("learning_rate_instructions_downstream", 0.05);
		TrainingResult r = Trainer.run(o, null);
		assertTrue(r.trainableFraction() < 0.03, "fraction " + r.trainableFraction()); // tiny network; 0.72 % for the 2d preset

		int[] old = {1, 1, 0, 0, 0, 0, 0, 0, 0};
		int[] other = {1, 0, 0, 1, 0, 0, 0, 0, 0};
		int[] added = {1, 0, 0, 0, 0, 1, 0, 0, 0};
		assertArrayEquals(predict(base, old), predict(r.model(), old), 0f, "class 1 unchanged");
		assertArrayEquals(predict(base, other), predict(r.model(), other), 0f, "class 3 unchanged");
		assertFalse(java.util.Arrays.equals(predict(base, added), predict(r.model(), added)), "class 5 learned");
		assertArrayEquals(new int[] {0, 1, 3, 5}, ModelFile.read(r.model()).metadata().trainedPrompts());
	}
}
