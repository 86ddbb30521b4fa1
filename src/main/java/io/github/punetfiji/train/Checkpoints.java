package io.github.punetfiji.train;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.ValidationScore;
import io.github.punetfiji.io.NpyArray;
import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.Weights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpointing of a training run ({@link TrainingLoop}): checkpoints ({@code checkpoints/step_N.punet}: the model
 * with the trainer's state in {@code training.npz}) written and pruned, a run resumed from one ({@code --resume}), and
 * {@code best.punet}'s validation provenance, also when a resumed run takes the folder's best model over.
 */
final class Checkpoints {
	private final TrainingLoop loop;

	Checkpoints(TrainingLoop loop) {
		this.loop = loop;
	}

	/** Continues a run from a checkpoint's trainer state: the step, the teacher, the optimiser's moments and the loss log. */
	void restore(Map<String, NpyArray> state) {
		loop.step = (int) state.get("trainer/step").toLongs()[0];
		Map<String, NpyArray> teacherState = new LinkedHashMap<>();
		Map<String, NpyArray> opt = new LinkedHashMap<>();
		Map<String, NpyArray> hist = new LinkedHashMap<>();
		for (Map.Entry<String, NpyArray> e : state.entrySet()) {
			String k = e.getKey();
			if (k.startsWith("teacher/")) teacherState.put(k.substring(8), e.getValue());
			else if (k.startsWith("optimizer/")) opt.put(k.substring(10), e.getValue());
			else if (k.startsWith("log/")) hist.put(k.substring(4), e.getValue());
		}
		if (loop.teacher != null && !teacherState.isEmpty())
			Weights.load(loop.teacher.network(), teacherState, "", loop.options.ckpt + " (teacher)");
		loop.optimizer.load(opt);
		loop.log.load(hist);
		loop.progress.message("resuming at step " + loop.step + " of " + loop.total);
	}

	/**
	 * On {@code --resume}: the folder's {@code best.punet} stays the best until a validation beats its Dice, when it was
	 * chosen on the same validation (its provenance says so). NB: it may come from a step after the checkpoint (written
	 * before the run stopped); the resumed run repeats those steps, so it stays the best model of the run.
	 */
	void restoreBest() {
		Path file = loop.options.out.resolve(RunFolder.BEST);
		if (!java.nio.file.Files.isRegularFile(file)) return;
		try {
			Object v = ModelFile.read(file).metadata().provenance().get("validation");
			if (v instanceof Map<?, ?> m && loop.validation.fingerprint().equals(m.get("fingerprint")) && m.get("dice") instanceof Number d
					&& m.get("step") instanceof Number s) {
				loop.bestStep = s.intValue();
				loop.best = new ValidationScore(d.doubleValue(), Map.of(), loop.validation.names(), loop.validation.slices(), 0);
				loop.progress
						.message("best.punet so far: step " + loop.bestStep + ", validation Dice " + Validation.format(loop.best.dice()));
			} else {
				loop.progress.message(file + " was chosen on another validation set; the first validation of this run replaces it");
			}
		} catch (PunetException e) {
			loop.progress.message(file + " cannot be read (" + e.getMessage() + "); the first validation of this run replaces it");
		}
	}

	/** Writes a checkpoint and deletes the oldest beyond the number kept; never replaces the file the run started from. */
	void write(Path file) {
		if (loop.options.ckpt != null && RunFolder.real(file).equals(RunFolder.real(loop.options.ckpt))) {
			loop.progress.message("kept " + file + " as it is: the run started from it");
			return;
		}
		Map<String, NpyArray> state = new LinkedHashMap<>();
		state.put("trainer/step", NpyArray.ofLongs(new long[0], new long[] {loop.step}));
		if (loop.teacher != null) Weights.export(loop.teacher.network()).forEach((k, v) -> state.put("teacher/" + k, v));
		loop.optimizer.state().forEach((k, v) -> state.put("optimizer/" + k, v));
		loop.log.state().forEach((k, v) -> state.put("log/" + k, v));
		ModelFile f = loop.model.toModelFile();
		new ModelFile(loop.model.metadata().withProvenance("steps", loop.step), f.weights(), state).write(file);
		loop.folder.prune(loop.options.keepCheckpoints, loop.options.ckpt);
	}

	/**
	 * The {@code validation} provenance of {@code best.punet}: the step, the Dice, per class, the slices and the
	 * validation set's fingerprint.
	 */
	Map<String, Object> validationProvenance(ValidationScore s, int at) {
		Map<String, Object> v = new LinkedHashMap<>();
		v.put("step", at);
		v.put("dice", s.dice());
		Map<String, Object> per = new LinkedHashMap<>();
		s.perClass().forEach((k, d) -> per.put(String.valueOf(k), d));
		v.put("per_class", per);
		v.put("slices", s.slices());
		v.put("fingerprint", loop.validation.fingerprint());
		return v;
	}
}
