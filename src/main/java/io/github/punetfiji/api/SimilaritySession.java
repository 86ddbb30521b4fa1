package io.github.punetfiji.api;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.infer.InferenceModel;
import io.github.punetfiji.infer.SimilarityMap;
import io.github.punetfiji.model.file.PunetModel;
import io.github.punetfiji.model.runtime.GradMode;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A model kept loaded for many similarity maps ({@link Punet#openSimilarity}): a tool that recomputes the map for each point
 * the user clicks loads the model once. Each {@link #map} is one {@link Punet#similarity} without the loading; maps may be
 * computed from any thread (autograd is switched off in the computing thread), one at a time. {@link #close} frees the model
 * and its native memory; a map asked for afterwards is refused.
 */
public final class SimilaritySession implements AutoCloseable {
	private final Path file;
	private final NDManager manager;
	private final PunetModel model;
	private final String device;
	private long[] checkedDims;
	private boolean closed;

	private SimilaritySession(Path file, NDManager manager, PunetModel model, String device) {
		this.file = file;
		this.manager = manager;
		this.model = model;
		this.device = device;
	}

	/** Loads {@code file} on the device of {@code compute}; see {@link Punet#openSimilarity}. */
	static SimilaritySession open(Path file, Compute compute) {
		Requests.required(file, "--ckpt (the .punet model file)");
		compute = compute == null ? Compute.DEFAULT : compute;
		if (!java.nio.file.Files.exists(file)) throw new PunetException("no such file: " + file);
		Device d = Inference.device(compute);
		io.github.punetfiji.model.runtime.Devices.threads(compute.threads());
		NDManager manager = NDManager.newBaseManager(d);
		try {
			PunetModel model = PunetModel.load(file, manager);
			return new SimilaritySession(file, manager, model, d.isGpu() ? "gpu(" + d.getDeviceId() + ")" : "cpu");
		} catch (RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	/**
	 * The similarity map of {@code image} at {@code point}, as {@link Punet#similarity} computes it; the model's dimensionality
	 * is checked against the image (with its note) once per image size.
	 *
	 * @param labelIndices the prompted classes; empty = the model's first trained class
	 * @throws PunetException for a point outside the image, bad classes, or a closed session
	 */
	public synchronized SimilarityResult map(Volume<?> image, int[] point, boolean withPrompts, int[] labelIndices,
			Progress progress) {
		if (closed) throw new PunetException("the similarity session of " + file.getFileName() + " is closed");
		Requests.point(point);
		int[] classes = Requests.copy(labelIndices);
		try (GradMode noGrad = GradMode.off()) {
			if (!Arrays.equals(checkedDims, image.dims())) {
				new Dimensionality(model.network().config(), file.getFileName().toString(), progress).similarity(image.dims(),
						image.source(), point[2]);
				checkedDims = image.dims().clone();
			}
			InferenceModel m = InferenceModel.of(model);
			SimilarityMap.Result s =
					new SimilarityMap(m).compute(image, point, withPrompts, classes.length > 0 ? classes : null, progress);
			return new SimilarityResult(s.map(), device, s.region().start(), s.region().size(), s.activeClasses(), m.intensity());
		}
	}

	/** Whether {@link #close} was called. */
	public synchronized boolean isClosed() {
		return closed;
	}

	/** Frees the model and its native memory; waits for a map being computed. Idempotent. */
	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		try {
			model.close();
		} finally {
			manager.close();
		}
	}
}
