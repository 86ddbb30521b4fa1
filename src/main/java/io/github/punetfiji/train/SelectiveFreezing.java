package io.github.punetfiji.train;

import ai.djl.nn.Parameter;
import io.github.punetfiji.model.ParameterGroups;
import io.github.punetfiji.model.ParameterGroups.Group;
import io.github.punetfiji.model.PunetNetwork;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Selective freezing (the paper's term): which parameters learn, as the reference's {@code selective_freezing} /
 * {@code set_requires_gradient} decide it for each adaptation variant: the body is frozen unless {@code freeze_body} is off;
 * {@code fixed|decoder|bias|adapter} train the fixed head; {@code adapter} its adapters; {@code decoder}
 * the decoder; {@code bias|bias_prompting} every body bias and norm; {@code prompting|bias_prompting} the
 * prompt tokens (and prompt bias scores) of the chosen classes. Without selective freezing everything
 * learns (full fine-tuning). One deliberate difference, switchable: the prompt bias weights shared by all
 * classes stay frozen ({@code train_shared_bias_weights} false), so adding a class leaves the other
 * classes' predictions unchanged.
 */
public final class SelectiveFreezing {
	private SelectiveFreezing() {}

	/**
	 * @param selectiveFreezing the reference's {@code --selective_freezing} (prompt tuning)
	 * @param promptClasses the classes whose prompts learn (the active classes with {@code freeze_inactive},
	 *     else all but the frozen ones); background excluded when {@code separate_background}
	 * @return the trainable parameters by reference name
	 */
	public static Map<String, Parameter> select(PunetNetwork net, boolean selectiveFreezing, boolean[] promptClasses) {
		Map<String, Parameter> all = net.namedTrainableParameters();
		if (!selectiveFreezing) return all;
		String variant = net.config().adaptationVariant();
		TrainingConfig c = TrainingConfig.of(net.config());
		boolean body = !c.freezeBody();
		boolean norm = !c.freezeNorm();
		boolean scores = !c.freezeBiasScores();
		boolean[] prompts = promptClasses.clone();
		if (c.separateBackground() && prompts.length > 0) prompts[0] = false;
		Map<String, Parameter> out = new LinkedHashMap<>();
		for (Map.Entry<String, Parameter> e : all.entrySet()) {
			String name = e.getKey();
			Group g = ParameterGroups.of(name);
			boolean train = ParameterGroups.isBody(g) && body;
			if (g == Group.FIXED && variant.matches("fixed|decoder|bias|adapter")) train = true;
			if (g == Group.ADAPTER && variant.equals("adapter")) train = true;
			if (g == Group.DECODER && variant.equals("decoder")) train = true;
			if (ParameterGroups.isBody(g) && variant.matches("bias|bias_prompting") && (name.contains("bias") || name.contains("norm")))
				train = true;
			if (variant.matches("prompting|bias_prompting")) {
				if (g == Group.INSTRUCTION_BIAS) {
					// NB: the per-head weights are shared by every class; the reference trains them, which changes
					// the predictions of the classes the model already had. They stay frozen unless
					// train_shared_bias_weights asks for the reference's behaviour.
					train = name.contains("encoding_cross_inst_content")
							? scores && active(prompts, name)
							: scores && c.trainSharedBiasWeights();
				} else if (g == Group.INSTRUCTION_POOL) {
					train = name.contains("instructions_norm") ? norm : active(prompts, name);
				}
			}
			if (train) out.put(name, e.getValue());
		}
		return out;
	}

	/** NB: the reference reads the class from the name's last character; here the whole trailing number. */
	private static boolean active(boolean[] prompts, String name) {
		int k = Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
		return k < prompts.length && prompts[k];
	}
}
