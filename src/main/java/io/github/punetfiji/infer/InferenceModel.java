package io.github.punetfiji.infer;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.model.PunetNetwork;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What inference needs of a model: the network with its parameters' manager, and how class indices
 * map to the dataset's label values, their names and the input normalisation. Does not own the network.
 *
 * @param network the network (its parameters initialised in {@code manager})
 * @param manager the parameters' manager; each batch opens (and closes) a sub-manager of it
 * @param labelValues the label value written for class index k (and read from masks)
 * @param classNames a name per class index
 * @param intensity the normalisation the model was trained with
 */
public record InferenceModel(PunetNetwork network, NDManager manager, int[] labelValues, Map<Integer, String> classNames,
		Intensity intensity) {
	public InferenceModel {
		int n = network.config().outChannels();
		if (labelValues.length != n)
			throw new PunetException("label values given for " + labelValues.length + " classes, the model has " + n);
		labelValues = labelValues.clone();
		classNames = Map.copyOf(classNames);
	}

	/** A model whose class indices are the label values (as in the reference), named {@code class k}. */
	public static InferenceModel of(PunetNetwork network, NDManager manager, Intensity intensity) {
		int n = network.config().outChannels();
		int[] values = new int[n];
		Map<Integer, String> names = new LinkedHashMap<>();
		for (int k = 0; k < n; k++) {
			values[k] = k;
			names.put(k, k == 0 ? "background" : "class " + k);
		}
		return new InferenceModel(network, manager, values, names, intensity);
	}

	/** The inference view of a loaded {@code .punet} model. */
	public static InferenceModel of(PunetModel model) {
		ModelMetadata m = model.metadata();
		return new InferenceModel(model.network(), model.manager(), m.labelIndices(), m.classes(), Intensity.parse(m.intensityMode()));
	}

	@Override
	public int[] labelValues() {
		return labelValues.clone();
	}

	/** The class index whose label value is {@code value}, or -1. */
	public int classOf(int value) {
		for (int k = 0; k < labelValues.length; k++) if (labelValues[k] == value) return k;
		return -1;
	}
}
