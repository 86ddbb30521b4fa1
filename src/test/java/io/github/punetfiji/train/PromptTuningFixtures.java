package io.github.punetfiji.train;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.PunetModel;
import java.nio.file.Path;
import java.util.List;

/** A randomly initialised {@code tiny} body (9 classes, base 1 and 3), sample data, and prompt-tuning options for class 5. */
final class PromptTuningFixtures {
	private PromptTuningFixtures() {}

	/** Writes {@code subjects} synthetic subjects of {@code dims} to {@code dir/data} and a tiny body to {@code dir/base.punet}. */
	static Path body(Path dir, int subjects, int[] dims) {
		SampleData.write(dir.resolve("data"), subjects, 11, dims, "test", 1);
		Path base = dir.resolve("base.punet");
		try (NDManager m = NDManager.newBaseManager()) {
			PunetConfig c = PunetConfig.preset("tiny").with("out_channels", 9).with("instruction_pool_size", 10).with("label_indices_base",
					List.of(1L, 3L));
			PunetModel.create(ModelMetadata.of(c.validate()), m).save(base);
		}
		return base;
	}

	/** Prompt tuning (selective freezing, loss {@code meta}, batch 2) of class 5 from {@link #body}'s folder into {@code dir/out}. */
	static TrainingOptions promptTuning(Path dir, String out) {
		TrainingOptions o = new TrainingOptions();
		o.ckpt = dir.resolve("base.punet");
		o.dirImages = dir.resolve("data/images");
		o.dirMasks = dir.resolve("data/labels");
		o.out = dir.resolve(out);
		o.loss = "meta";
		o.batchSize = 2;
		o.overrides.put("downstream", true);
		o.overrides.put("selective_freezing", true);
		o.overrides.put("label_indices_downstream_active", List.of(5L));
		return o;
	}
}
