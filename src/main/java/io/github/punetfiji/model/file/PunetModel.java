package io.github.punetfiji.model.file;

import io.github.punetfiji.model.PunetNetwork;
import io.github.punetfiji.model.file.RawForward;

import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.Weights;
import io.github.punetfiji.model.file.PunetModel;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.NpyArray;
import java.nio.file.Path;
import java.util.Map;

/**
 * A network with its metadata, its parameters in a manager of its own (closed by {@link #close()}):
 * what a {@code .punet} file holds, in memory. {@link #load} and {@link #save} move it to and from a
 * {@link ModelFile}; {@link RawForward} runs it once on a tensor.
 */
public final class PunetModel implements AutoCloseable {
	private final NDManager manager;
	private final PunetNetwork network;
	private ModelMetadata metadata;

	private PunetModel(ModelMetadata metadata, NDManager parent) {
		this.metadata = metadata;
		this.network = new PunetNetwork(metadata.config());
		this.manager = parent.newSubManager();
		try {
			network.initializeParameters(manager);
		} catch (RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	/** A network with freshly initialised weights (PyTorch's default initialisations). */
	public static PunetModel create(ModelMetadata metadata, NDManager parent) {
		return new PunetModel(metadata, parent);
	}

	/**
	 * A network from metadata and reference {@code state_dict} arrays.
	 *
	 * @param prefix the arrays' name prefix ({@code ""}, or {@code "param/"} for the parity fixtures);
	 *     arrays without it are ignored
	 * @param source names the arrays' file in error messages
	 * @throws PunetException when the arrays do not fit the config (listing the names at fault)
	 */
	public static PunetModel of(ModelMetadata metadata, Map<String, NpyArray> weights, String prefix, String source, NDManager parent) {
		PunetModel m = new PunetModel(metadata, parent);
		try {
			Weights.load(m.network, weights, prefix, source);
			return m;
		} catch (RuntimeException e) {
			m.close();
			throw e;
		}
	}

	/** Reads a {@code .punet} file onto the parent manager's device. */
	public static PunetModel load(Path file, NDManager parent) {
		ModelFile f = ModelFile.read(file);
		return of(f.metadata(), f.weights(), "", file.toString(), parent);
	}

	/** Writes a {@code .punet} file atomically. */
	public void save(Path file) {
		toModelFile().write(file);
	}

	/** The metadata and a copy of the current weights. */
	public ModelFile toModelFile() {
		return new ModelFile(metadata, referenceDtypes(Weights.export(network)));
	}

	/**
	 * NB: the network keeps the attention-bias {@code relative_distances_*} buffers as float32; the
	 * reference's are int64. Their values are small integers, so they go back to int64 here and a
	 * written {@code weights.npz} has the reference's dtypes throughout.
	 */
	static Map<String, NpyArray> referenceDtypes(Map<String, NpyArray> arrays) {
		Map<String, NpyArray> out = new java.util.LinkedHashMap<>(arrays);
		for (Map.Entry<String, NpyArray> e : out.entrySet()) {
			String n = e.getKey();
			NpyArray a = e.getValue();
			if (n.matches(".*\\.relative_distances_[hwd]") && a.dtype() != NpyArray.DType.INT64) {
				e.setValue(NpyArray.ofLongs(a.shape(), a.toLongs()));
			}
		}
		return out;
	}

	public ModelMetadata metadata() {
		return metadata;
	}

	/**
	 * Replaces the metadata (e.g. provenance after training).
	 *
	 * @throws IllegalArgumentException if its config differs from the network's
	 */
	public void setMetadata(ModelMetadata m) {
		if (!m.config().equals(network.config())) throw new IllegalArgumentException("metadata config differs from the network's config");
		metadata = m;
	}

	public PunetNetwork network() {
		return network;
	}

	/** The manager holding the parameters; open sub-managers from it for each forward. */
	public NDManager manager() {
		return manager;
	}

	public Device device() {
		return manager.getDevice();
	}

	@Override
	public void close() {
		manager.close();
	}
}
