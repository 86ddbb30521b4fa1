package io.github.punetfiji.train;

import ai.djl.nn.Parameter;
import io.github.punetfiji.model.PunetNetwork;
import java.util.Map;

/**
 * The former name of {@link SelectiveFreezing}.
 *
 * @deprecated for {@code cli/bench} only, until it names {@link SelectiveFreezing}
 */
@Deprecated
public final class Trainability {
	private Trainability() {}

	/** {@link SelectiveFreezing#select}. */
	public static Map<String, Parameter> select(PunetNetwork net, boolean selectiveFreezing, boolean[] promptClasses) {
		return SelectiveFreezing.select(net, selectiveFreezing, promptClasses);
	}
}
