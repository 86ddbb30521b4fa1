package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.PunetNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the prompts of a class new to the model start before downstream training ({@code mean_initialization}).
 *
 * <ul>
 * <li>{@code final} (the reference's {@code set_downstream_instruction_parameters}): the new class's tokens of
 * the final prompt pool become the mean of the base classes' tokens there; its prompts in the attention
 * blocks and its prompt bias scores keep their random initialisation.</li>
 * <li>{@code all}: every parameter that belongs to the class alone starts as the base classes' mean: the
 * tokens of every prompt pool (encoder, decoder, final) and the prompt bias scores of every attention layer.
 * The new class then starts from the "average organ" in every layer instead of from random deep prompts.</li>
 * </ul>
 */
public final class PromptInitialization {
	/** Scopes of {@code mean_initialization_scope}. */
	public static final List<String> SCOPES = List.of("final", "all");

	/** {@code <prefix>.instructions.<k>} (prompt tokens) and {@code <prefix>.encoding_cross_inst_content.<k>} (prompt bias). */
	private static final Pattern PER_CLASS = Pattern.compile("^(.*\\.(?:instructions|encoding_cross_inst_content))\\.(\\d+)$");
	private static final String FINAL_POOL = "instruction_pool.instruction_tokens.instructions";

	private PromptInitialization() {}

	/**
	 * Sets each target class's per-class prompt parameters in {@code scope} to the mean of the base classes'.
	 *
	 * @return how many parameter tensors were set (0 when there are no base classes or no prompts)
	 */
	public static int meanOfBase(PunetNetwork net, int[] base, int[] targets, String scope) {
		if (!SCOPES.contains(scope)) {
			throw new PunetException("unknown mean_initialization_scope '" + scope + "'; expected one of " + String.join("|", SCOPES));
		}
		if (base.length == 0 || targets.length == 0) return 0;
		// prefix -> class -> parameter
		Map<String, Map<Integer, Parameter>> byPrefix = new LinkedHashMap<>();
		for (Map.Entry<String, Parameter> e : net.namedTrainableParameters().entrySet()) {
			Matcher m = PER_CLASS.matcher(e.getKey());
			if (!m.matches()) continue;
			if (scope.equals("final") && !m.group(1).equals(FINAL_POOL)) continue;
			byPrefix.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(Integer.parseInt(m.group(2)), e.getValue());
		}
		int set = 0;
		for (Map<Integer, Parameter> perClass : byPrefix.values()) {
			NDArray sum = null;
			int n = 0;
			for (int k : base) {
				Parameter p = perClass.get(k);
				if (p == null) continue;
				sum = sum == null ? p.getArray().duplicate() : sum.addi(p.getArray());
				n++;
			}
			if (sum == null) continue;
			NDArray mean = sum.divi(n);
			for (int k : targets) {
				Parameter p = perClass.get(k);
				if (p == null) continue;
				p.getArray().set(mean.toByteBuffer());
				set++;
			}
			mean.close();
		}
		return set;
	}
}
