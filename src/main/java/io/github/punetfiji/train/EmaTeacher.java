package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.punetfiji.model.PunetNetwork;
import java.util.Map;

/**
 * The momentum (EMA) teacher of {@code MomentumModel}: a second network initialised with the student's
 * weights, never trained by gradients, updated before every step by
 * {@code t = tau * t + (1 - tau) * s} with {@code tau_instructions} for names containing
 * {@code instruction_pool} (NB: as the reference's substring test, that is the final pool only) and
 * {@code tau_body} for all other parameters. Batch-norm statistics are not averaged: the teacher's own
 * train-mode forwards update them.
 */
public final class EmaTeacher {
	private final PunetNetwork teacher;
	private final Map<String, Parameter> teacherParams;
	private final Map<String, Parameter> studentParams;
	private final double tauBody;
	private final double tauPrompts;

	public EmaTeacher(PunetNetwork student, PunetNetwork teacher, double tauBody, double tauPrompts) {
		this.teacher = teacher;
		this.teacherParams = teacher.namedTrainableParameters();
		this.studentParams = student.namedTrainableParameters();
		this.tauBody = tauBody;
		this.tauPrompts = tauPrompts;
		for (Parameter p : teacherParams.values()) p.getArray().setRequiresGradient(false);
	}

	/** Copies every student parameter and buffer into the teacher. */
	public static void copy(PunetNetwork from, PunetNetwork to) {
		Map<String, Parameter> dst = to.namedParameters();
		for (Map.Entry<String, Parameter> e : from.namedParameters().entrySet()) {
			NDArray target = dst.get(e.getKey()).getArray();
			target.set(e.getValue().getArray().toType(target.getDataType(), false).toByteBuffer());
		}
	}

	public PunetNetwork network() {
		return teacher;
	}

	/** One momentum update. */
	public void update() {
		for (Map.Entry<String, Parameter> e : teacherParams.entrySet()) {
			double tau = e.getKey().contains("instruction_pool") ? tauPrompts : tauBody;
			NDArray t = e.getValue().getArray();
			NDArray s = studentParams.get(e.getKey()).getArray();
			try (NDArray scaled = s.mul(1 - tau)) {
				t.muli(tau).addi(scaled);
			}
		}
	}
}
