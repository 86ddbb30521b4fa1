package io.github.punetfiji.cli.bench;

import ai.djl.nn.Parameter;
import io.github.punetfiji.model.ParameterGroups;
import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.train.SelectiveFreezing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter counts of a network in the reference's groups ({@link ParameterGroups#counts}), plus what
 * prompt tuning of one class trains.
 */
final class Parameters {
	/** A class's own prompt tokens ({@code ….instructions.k}) and prompt bias ({@code ….encoding_cross_inst_content.k}). */
	private static final Pattern PER_CLASS = Pattern.compile("\\.(?:instructions|encoding_cross_inst_content)\\.(\\d+)$");

	private Parameters() {}

	/**
	 * {@code total, body, instruction}; {@code prompt_one_class}: the prompt tokens and prompt bias of
	 * class {@code k} alone (every pool and attention layer); {@code prompt_tuning_trainable}: what
	 * {@link SelectiveFreezing} trains when prompt-tuning class {@code k} with the preset's freezing flags (the
	 * per-class parameters plus shared prompt norms and bias-score weights unless frozen); {@code groups}:
	 * every reference group.
	 */
	static Map<String, Object> count(PunetNetwork net, int k) {
		Map<String, Long> groups = ParameterGroups.counts(net);
		long oneClass = 0;
		for (Map.Entry<String, Parameter> e : net.namedTrainableParameters().entrySet()) {
			Matcher m = PER_CLASS.matcher(e.getKey());
			if (m.find() && Integer.parseInt(m.group(1)) == k && ParameterGroups.isInstruction(ParameterGroups.of(e.getKey()))) {
				oneClass += e.getValue().getShape().size();
			}
		}
		boolean[] prompts = new boolean[net.config().outChannels()];
		prompts[k] = true;
		long tuned = ParameterGroups.count(SelectiveFreezing.select(net, true, prompts).values());
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("total", groups.get("total"));
		out.put("body", groups.get("body"));
		out.put("instruction", groups.get("instruction"));
		out.put("prompt_class", k);
		out.put("prompt_one_class", oneClass);
		out.put("prompt_tuning_trainable", tuned);
		out.put("groups", groups);
		return out;
	}
}
