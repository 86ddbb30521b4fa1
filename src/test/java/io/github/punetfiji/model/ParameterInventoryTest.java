package io.github.punetfiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Parameter;
import io.github.punetfiji.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default {@code 2d} network has exactly the reference's state_dict and parameter groups. */
class ParameterInventoryTest {
	private static final Map<String, String> GROUP_KEYS = Map.of("get_named_cnn_encoder_parameters", "cnn_encoder",
			"get_named_encoder_parameters", "encoder", "get_named_decoder_parameters", "decoder", "get_named_fixed_parameters", "fixed",
			"get_named_body_parameters", "body", "get_named_instruction_pool_parameters", "instruction_pool",
			"get_named_instruction_bias_parameters", "instruction_bias", "get_named_instruction_parameters", "instruction",
			"get_named_adapter_parameters", "adapter");

	@Test
	@SuppressWarnings("unchecked")
	void default2dMatchesTheReferenceStateDict() {
		Map<String, Object> ref = Fixtures.json("default-2d-params");
		PunetNetwork net = new PunetNetwork(PunetConfig.preset("2d"));
		Map<String, Parameter> params = net.namedParameters();
		List<Map<String, Object>> entries = (List<Map<String, Object>>) ref.get("state_dict");
		List<String> expectedNames = new ArrayList<>();
		for (Map<String, Object> e : entries) {
			String name = (String) e.get("name");
			expectedNames.add(name);
			Parameter p = params.get(name);
			assertEquals(true, p != null, "missing " + name);
			long[] shape = ((List<Object>) e.get("shape")).stream().mapToLong(o -> ((Number) o).longValue()).toArray();
			assertEquals(Arrays.toString(shape), Arrays.toString(p.getShape().getShape()), name);
			assertEquals("buffer".equals(e.get("kind")), p.getType() == Parameter.Type.RUNNING_MEAN, name + " kind");
		}
		assertEquals(expectedNames, new ArrayList<>(params.keySet()), "state_dict order");
		assertEquals(864, params.size());
		long total = ParameterGroups.count(net.namedTrainableParameters().values());
		assertEquals(((Number) ref.get("total_parameters")).longValue(), total);
		assertEquals(7_290_272L, total);

		Map<String, Long> counts = ParameterGroups.counts(net);
		Map<String, Integer> tensors = ParameterGroups.tensors(net);
		Map<String, Object> groups = (Map<String, Object>) ref.get("groups");
		for (Map.Entry<String, String> g : GROUP_KEYS.entrySet()) {
			Map<String, Object> r = (Map<String, Object>) groups.get(g.getKey());
			assertEquals(((Number) r.get("num_elements")).longValue(), counts.get(g.getValue()), g.getKey());
			assertEquals(((Number) r.get("num_tensors")).intValue(), tensors.get(g.getValue()), g.getKey() + " tensors");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void fixtureGroupsMatch() {
		for (String fixture : List.of("tiny-2d", "tiny-3d", "tiny-2d-adapter-fixed")) {
			Map<String, Object> json = Fixtures.json(fixture);
			PunetNetwork net = new PunetNetwork(PunetConfig.fromMap((Map<String, Object>) json.get("config")));
			Map<String, Long> counts = ParameterGroups.counts(net);
			Map<String, Object> groups = (Map<String, Object>) json.get("parameter_groups");
			for (Map.Entry<String, String> g : GROUP_KEYS.entrySet()) {
				Map<String, Object> r = (Map<String, Object>) groups.get(g.getKey());
				assertEquals(((Number) r.get("num_elements")).longValue(), counts.get(g.getValue()), fixture + " " + g.getKey());
			}
		}
	}
}
