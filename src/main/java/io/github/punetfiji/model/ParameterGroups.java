package io.github.punetfiji.model;

import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference's parameter groups ({@code get_named_*_parameters} of {@code DeepSIAUNetr}), decided by
 * reference name: body (encoder, decoder, CNN stem, fixed head), instruction (prompt pools and prompt
 * bias scores) and adapter. Every trainable parameter is in exactly one of body, instruction, adapter.
 * NB: the reference puts the optional ViT position bias ({@code bias_vit}) in no group; here it is body.
 */
public final class ParameterGroups {
	/** The groups, named after the reference methods without {@code get_named_} and {@code _parameters}. */
	public enum Group {
		CNN_ENCODER, ENCODER, DECODER, FIXED, INSTRUCTION_POOL, INSTRUCTION_BIAS, ADAPTER, VIT
	}

	private ParameterGroups() {}

	/** The group of one trainable parameter. */
	public static Group of(String name) {
		if (name.startsWith("encoding_res_blocks.")) return Group.CNN_ENCODER;
		if (name.startsWith("vit_pos_bias")) return Group.VIT;
		if (name.startsWith("norm_fixed.") || name.startsWith("conv_fixed.")) return Group.FIXED;
		if (name.startsWith("sia_res_instruction_blocks_v2.") || name.startsWith("sia_up_instruction_blocks_v2.")
				|| name.startsWith("instruction_pool.")) {
			return Group.INSTRUCTION_POOL;
		}
		boolean enc = name.startsWith("sia_res_blocks.");
		if (enc || name.startsWith("sia_up_blocks.")) {
			if (name.contains(".linear_down.") || name.contains(".linear_up.")) return Group.ADAPTER;
			if (name.contains(".encoding_cross_inst_content.") || name.endsWith(".weights_cross_inst_content"))
				return Group.INSTRUCTION_BIAS;
			return enc ? Group.ENCODER : Group.DECODER;
		}
		throw new IllegalArgumentException("parameter '" + name + "' belongs to no group");
	}

	public static boolean isBody(Group g) {
		return g == Group.CNN_ENCODER || g == Group.ENCODER || g == Group.DECODER || g == Group.FIXED || g == Group.VIT;
	}

	public static boolean isInstruction(Group g) {
		return g == Group.INSTRUCTION_POOL || g == Group.INSTRUCTION_BIAS;
	}

	/** Trainable parameters of a block by group, each in {@code state_dict} order. */
	public static Map<Group, Map<String, Parameter>> split(PunetBlock block) {
		Map<Group, Map<String, Parameter>> out = new LinkedHashMap<>();
		for (Group g : Group.values()) out.put(g, new LinkedHashMap<>());
		for (Map.Entry<String, Parameter> e : block.namedTrainableParameters().entrySet()) {
			out.get(of(e.getKey())).put(e.getKey(), e.getValue());
		}
		return out;
	}

	/** Number of elements of the given parameters. */
	public static long count(Iterable<Parameter> params) {
		long n = 0;
		for (Parameter p : params) n += p.getShape().size();
		return n;
	}

	/**
	 * Element counts per reference group: {@code cnn_encoder, encoder, decoder, fixed, body,
	 * instruction_pool, instruction_bias, instruction, adapter, total}.
	 */
	public static Map<String, Long> counts(PunetBlock block) {
		Map<Group, Map<String, Parameter>> g = split(block);
		Map<String, Long> c = new LinkedHashMap<>();
		long body = 0, instr = 0, total = 0;
		for (Group grp : Group.values()) {
			long n = count(g.get(grp).values());
			total += n;
			if (isBody(grp)) body += n;
			if (isInstruction(grp)) instr += n;
			if (grp != Group.VIT) c.put(grp.name().toLowerCase(), n);
		}
		c.put("body", body);
		c.put("instruction", instr);
		c.put("total", total);
		return c;
	}

	/** Tensors per group, for reports (same keys as {@link #counts}). */
	public static Map<String, Integer> tensors(PunetBlock block) {
		Map<Group, Map<String, Parameter>> g = split(block);
		Map<String, Integer> c = new LinkedHashMap<>();
		int body = 0, instr = 0;
		for (Group grp : List.of(Group.values())) {
			int n = g.get(grp).size();
			if (isBody(grp)) body += n;
			if (isInstruction(grp)) instr += n;
			if (grp != Group.VIT) c.put(grp.name().toLowerCase(), n);
		}
		c.put("body", body);
		c.put("instruction", instr);
		return c;
	}
}
