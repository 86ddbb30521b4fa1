package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;

/**
 * The optimisation settings shared by pre-training and prompt tuning. For prompt tuning the learning
 * rates and weight decay are the reference's {@code _downstream} forms.
 *
 * @param batchSize {@code --batch_size}
 * @param maxEpochs {@code --max_epochs}
 * @param numSamplesEpoch {@code --num_samples_epoch}: crops per epoch (reference 5000); 0 = one pass over the subjects
 * @param maxSteps {@code --max_steps}; overrides epochs when positive, {@code -1} = unset
 * @param learningRate {@code --learning_rate} (body)
 * @param learningRatePrompts {@code --learning_rate_instructions} (prompt tokens and bias scores)
 * @param weightDecay {@code --weight_decay}
 * @param seed {@code --seed}
 * @param checkpointEvery {@code --checkpoint_every} (steps); 0 = only at the end ({@link #DEFAULT_CHECKPOINT_EVERY} by default)
 */
public record TrainingSettings(int batchSize, int maxEpochs, int numSamplesEpoch, int maxSteps, double learningRate,
		double learningRatePrompts, double weightDecay, long seed, int checkpointEvery) {
	/** Checkpoints every this many steps unless told otherwise: a crash or a full disk late in a run loses at most these. */
	public static final int DEFAULT_CHECKPOINT_EVERY = io.github.punetfiji.train.TrainingOptions.DEFAULT_CHECKPOINT_EVERY;

	public TrainingSettings {
		// NB: batch size, epochs or steps and checkpoint_every are checked where both edges meet (FitRequest)
		if (numSamplesEpoch < 0) throw new PunetException("--num_samples_epoch needs 0 or more, got " + numSamplesEpoch);
		if (!(learningRate > 0)) throw new PunetException("--learning_rate needs a positive value, got " + learningRate);
		if (!(learningRatePrompts > 0))
			throw new PunetException("--learning_rate_instructions needs a positive value, got " + learningRatePrompts);
		if (!(weightDecay >= 0)) throw new PunetException("--weight_decay needs 0 or more, got " + weightDecay);
	}
}
