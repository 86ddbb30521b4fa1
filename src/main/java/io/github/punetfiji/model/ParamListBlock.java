package io.github.punetfiji.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code nn.ParameterList}: parameters named {@code 0, 1, …}, each of shape {@code (rows, cols)} with
 * Xavier-uniform initialisation (as the reference's prompt tokens and prompt bias encodings).
 */
public final class ParamListBlock extends PunetBlock {
	private final List<Parameter> items = new ArrayList<>();

	public ParamListBlock(int count, int rows, int cols) {
		for (int k = 0; k < count; k++) {
			items.add(param(Integer.toString(k), new Shape(rows, cols), xavier(rows, cols)));
		}
	}

	public Parameter get(int index) {
		return items.get(index);
	}

	public int size() {
		return items.size();
	}
}
