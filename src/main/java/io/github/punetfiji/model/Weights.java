package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.NpyArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves weights between a network and reference {@code state_dict} arrays (names as in PyTorch, buffers
 * included), in both directions. Loading is strict: missing, unexpected or mis-shaped entries are
 * reported together, by name.
 */
public final class Weights {
	private Weights() {}

	/** Every parameter and buffer as NumPy arrays, in {@code state_dict} order. */
	public static Map<String, NpyArray> export(PunetBlock block) {
		Map<String, NpyArray> out = new LinkedHashMap<>();
		for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
			out.put(e.getKey(), NpyTensors.toNpy(e.getValue().getArray()));
		}
		return out;
	}

	/**
	 * Copies {@code arrays} (keys = reference names, optionally under {@code prefix}) into the block's
	 * initialised parameters. Other keys not starting with {@code prefix} are ignored.
	 */
	public static void load(PunetBlock block, Map<String, NpyArray> arrays, String prefix, String source) {
		Map<String, Parameter> params = block.namedParameters();
		List<String> problems = new ArrayList<>();
		Map<String, NpyArray> given = new LinkedHashMap<>();
		for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
			if (e.getKey().startsWith(prefix)) given.put(e.getKey().substring(prefix.length()), e.getValue());
		}
		for (Map.Entry<String, Parameter> e : params.entrySet()) {
			NpyArray a = given.get(e.getKey());
			if (a == null) {
				problems.add("missing " + e.getKey());
				continue;
			}
			Shape want = e.getValue().getShape();
			if (!Arrays.equals(want.getShape(), a.shape())) {
				problems.add(e.getKey() + " has shape " + Arrays.toString(a.shape()) + ", the network needs " + want);
			}
		}
		for (String k : given.keySet()) {
			if (!params.containsKey(k)) problems.add("unexpected " + k);
		}
		if (!problems.isEmpty()) {
			String list = String.join("; ", problems.subList(0, Math.min(8, problems.size())));
			throw new PunetException(source + " does not fit this network configuration: " + list
					+ (problems.size() > 8 ? " (and " + (problems.size() - 8) + " more)" : ""));
		}
		for (Map.Entry<String, Parameter> e : params.entrySet()) {
			NDArray target = e.getValue().getArray();
			NDArray value = NpyTensors.toNDArray(target.getManager(), given.get(e.getKey())).toType(target.getDataType(), false);
			boolean grad = target.hasGradient();
			if (grad) target.setRequiresGradient(false);
			target.set(value.toByteBuffer());
			if (grad) target.setRequiresGradient(true);
			value.close();
		}
	}

	/**
	 * Copies the arrays whose name and shape fit (as the reference's {@code on_load_checkpoint}: other
	 * parameters keep their initialisation, other arrays are dropped). Used to adapt a pre-trained model
	 * to a variant with another head.
	 *
	 * @return the network's parameter names that were not loaded
	 */
	public static List<String> loadMatching(PunetBlock block, Map<String, NpyArray> arrays) {
		List<String> skipped = new ArrayList<>();
		for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
			NpyArray a = arrays.get(e.getKey());
			NDArray target = e.getValue().getArray();
			if (a == null || !Arrays.equals(target.getShape().getShape(), a.shape())) {
				skipped.add(e.getKey());
				continue;
			}
			NDArray value = NpyTensors.toNDArray(target.getManager(), a).toType(target.getDataType(), false);
			boolean grad = target.hasGradient();
			if (grad) target.setRequiresGradient(false);
			target.set(value.toByteBuffer());
			if (grad) target.setRequiresGradient(true);
			value.close();
		}
		return skipped;
	}
}
