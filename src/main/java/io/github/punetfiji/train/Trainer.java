package io.github.punetfiji.train;

import io.github.punetfiji.CancelledException;
import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.runtime.GradMode;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Training, both phases ({@code instruction_model.py}): phase 1 joins CPA self-supervision (student views against the
 * EMA teacher) with prompt-dependent focal segmentation on random active class subsets; downstream adapts a
 * pre-trained model to {@code label_indices_downstream_active} with the variant's trainable set, downstream learning
 * rates and the one-cycle schedule. The entry point: it checks the options, takes the output folder ({@link RunFolder})
 * and runs {@link TrainingSetup} (data, model, validation plan), which hands over to {@link TrainingLoop} (the steps)
 * with its {@link Checkpoints}. DJL's gradient recording is global to the process: one training runs at a time.
 */
public final class Trainer {
	private static final AtomicBoolean RUNNING = new AtomicBoolean();

	private Trainer() {}

	/**
	 * Trains and writes {@code <out>/model.punet}, {@code losses.csv} (a line per step as the run goes, {@link LossCsv}),
	 * {@code losses.png} and checkpoints under {@code <out>/checkpoints/} (every {@link TrainingOptions#checkpointEvery}
	 * steps, the newest {@link TrainingOptions#keepCheckpoints} kept). The folder is checked, locked and swept first
	 * ({@link RunFolder}).
	 *
	 * @param progress receives each step ({@link Progress#trainingStep}) and the run's notes ({@link Progress#message});
	 *     null for none
	 * @throws CancelledException when {@code progress} asks to cancel (checked before every step and during validation);
	 *     after at least one step the run is kept first: the checkpoint of the step reached, {@code model.punet} as it is
	 *     (provenance {@code stopped_at_step}), {@code losses.csv} and {@code losses.png}; the message names them
	 */
	public static TrainingResult run(TrainingOptions options, Progress progress) {
		options.check();
		if (!RUNNING.compareAndSet(false, true)) {
			throw new PunetException("another PUNet training is already running in this process (gradient recording is global to the "
					+ "engine); wait for it to finish or cancel it, then start again");
		}
		Progress p = progress == null ? Progress.NONE : progress;
		try (RunFolder folder = RunFolder.open(options, p); GradMode noGrad = GradMode.off()) {
			return new TrainingSetup(options, p, folder).train();
		} finally {
			RUNNING.set(false);
		}
	}

	/**
	 * Steps in one epoch. As the reference's loader, an epoch is {@code num_samples_epoch} crops (default 5000):
	 * {@code num_samples_epoch / perDraw} subject draws with replacement, {@code batch / perDraw} of them per step
	 * (the last step may be short there; here every step is full). {@code num_samples_epoch <= 0}: one pass over
	 * the subjects.
	 */
	static int stepsPerEpoch(int numSamplesEpoch, int subjects, int perDraw, int batchSize) {
		double draws = numSamplesEpoch > 0 ? Math.max(1, numSamplesEpoch / perDraw) : subjects;
		return Math.max(1, (int) Math.ceil(draws * perDraw / batchSize));
	}
}
