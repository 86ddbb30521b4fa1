package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of every PUNet block: a DJL {@link AbstractBlock} whose parameters and children carry the
 * reference's {@code state_dict} names, so weights move both ways between the Python reference and
 * Java. Parameters have fixed shapes known at construction and their initializer set (PyTorch's
 * default initialisations), so {@link #initializeParameters} needs no input shapes.
 *
 * <p>Subclasses register parameters in the reference's registration order; {@link #namedParameters}
 * then lists them in {@code state_dict} order. Buffers (batch-norm statistics, relative-distance
 * tables) are parameters of type {@link Parameter.Type#RUNNING_MEAN} that never require gradients.
 */
public abstract class PunetBlock extends AbstractBlock {
	private final Map<String, Object> members = new LinkedHashMap<>(); // reference name -> Parameter | PunetBlock

	protected PunetBlock() {
		super((byte) 1);
	}

	/** Registers a parameter under its reference name. */
	protected final Parameter param(String refName, Shape shape, Initializer init) {
		Parameter p = addParameter(
				Parameter.builder().setName(refName).setType(Parameter.Type.WEIGHT).optShape(shape).optInitializer(init).build());
		members.put(refName, p);
		return p;
	}

	/** Registers a buffer (no gradient) under its reference name. */
	protected final Parameter buffer(String refName, Shape shape, Initializer init) {
		Parameter p = addParameter(Parameter.builder().setName(refName).setType(Parameter.Type.RUNNING_MEAN).optRequiresGrad(false)
				.optShape(shape).optInitializer(init).build());
		members.put(refName, p);
		return p;
	}

	/** Registers a child block under its reference name (may contain dots, e.g. {@code instructions.3}). */
	protected final <B extends PunetBlock> B child(String refName, B block) {
		addChildBlock(refName, block);
		members.put(refName, block);
		return block;
	}

	/** Every parameter and buffer below this block, by reference name, in {@code state_dict} order. */
	public final Map<String, Parameter> namedParameters() {
		Map<String, Parameter> out = new LinkedHashMap<>();
		collect("", out, true);
		return out;
	}

	/** Trainable parameters only (buffers excluded), by reference name. */
	public final Map<String, Parameter> namedTrainableParameters() {
		Map<String, Parameter> out = new LinkedHashMap<>();
		collect("", out, false);
		return out;
	}

	private void collect(String prefix, Map<String, Parameter> out, boolean withBuffers) {
		// NB: PyTorch lists a module's own parameters, then its buffers, then its children.
		for (Map.Entry<String, Object> e : members.entrySet()) {
			if (e.getValue() instanceof Parameter && ((Parameter) e.getValue()).getType() != Parameter.Type.RUNNING_MEAN) {
				out.put(prefix + e.getKey(), (Parameter) e.getValue());
			}
		}
		if (withBuffers) {
			for (Map.Entry<String, Object> e : members.entrySet()) {
				if (e.getValue() instanceof Parameter && ((Parameter) e.getValue()).getType() == Parameter.Type.RUNNING_MEAN) {
					out.put(prefix + e.getKey(), (Parameter) e.getValue());
				}
			}
		}
		for (Map.Entry<String, Object> e : members.entrySet()) {
			if (e.getValue() instanceof PunetBlock) {
				((PunetBlock) e.getValue()).collect(prefix + e.getKey() + ".", out, withBuffers);
			}
		}
	}

	/** Allocates and initialises every parameter below this block in {@code manager}. */
	public final void initializeParameters(NDManager manager) {
		for (Parameter p : namedParameters().values()) {
			if (!p.isInitialized())
				p.initialize(manager,
						p.getShape().dimension() == 0 && p.getName().endsWith("num_batches_tracked") ? DataType.INT64 : DataType.FLOAT32);
		}
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		throw new UnsupportedOperationException(
				getClass().getSimpleName() + ": output shapes depend on prompts and window padding; run a forward pass");
	}

	@Override
	protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		initializeParameters(manager);
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its typed forward method");
	}

	/** The value of a parameter for this forward pass. */
	protected static NDArray v(ParameterStore ps, Parameter p, NDArray like) {
		return ps.getValue(p, like.getDevice(), true);
	}

	// ---- PyTorch default initialisations ------------------------------------------------------

	/** {@code kaiming_uniform_(a=sqrt(5))} of conv/linear weights and their biases: U(±1/sqrt(fan_in)). */
	protected static Initializer fanIn(long fanIn) {
		return new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
	}

	/** {@code xavier_uniform_(gain=1)} of a 2D {@code [fan_out, fan_in]} tensor. */
	protected static Initializer xavier(long fanOut, long fanIn) {
		return new UniformInitializer((float) Math.sqrt(6.0 / (fanIn + fanOut)));
	}

	protected static Initializer constant(float c) {
		return new ConstantInitializer(c);
	}

	/** Children in registration order (for subclasses that iterate them). */
	protected final List<Block> childBlocks() {
		return new ArrayList<>(children.values());
	}
}
