package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.punetfiji.model.Constants;

/**
 * The prototypes of contrastive prototype assignment (CPA, {@link CpaLoss}): seeded from the teacher map on a grid
 * 1/{@code reductionFactorProtos} as fine, refined by soft k-means on the normalised teacher embeddings (assignments
 * are a softmax of cosine similarities over prototypes, optionally weighted by a Gaussian of the distance between a
 * voxel's and the prototype's coordinates; prototypes and their coordinates become the weighted means), and the
 * teacher's final assignments to them, which are the students' targets. The teacher side carries no gradient.
 *
 * <p>Dimension letters as in {@link CpaLoss}: B batch, C channels, Nt voxels of the reduced teacher map, P prototypes.
 */
final class CpaPrototypes {
	private CpaPrototypes() {}

	/**
	 * Fitted prototypes and the teacher's assignments to them; the arrays live in the caller's scope.
	 *
	 * @param prototypes {@code (B, P, C)} normalised prototypes
	 * @param teacherTargets {@code (B, Nt, P)} the teacher's final assignments
	 * @param teacherCoords host {@code (B, 3, Nt)} coordinates of the reduced teacher map's voxels
	 * @param teacherVoxels Nt
	 * @param teacherSize the reduced teacher map's {@code h, w, d}
	 * @param count P
	 */
	record Fit(NDArray prototypes, NDArray teacherTargets, float[] teacherCoords, int teacherVoxels, long[] teacherSize, int count) {}

	/**
	 * @param t teacher embeddings {@code [B, C, H_t, W_t, D_t]}, gradient stopped
	 * @param teacherGrid coordinate grid {@code [B, 3, ·, ·, ·]} of the teacher's view
	 */
	static Fit fit(NDArray t, NDArray teacherGrid, CpaLoss.Config config) {
		Shape ts = t.getShape();
		int nb = (int) ts.get(0);
		NDManager tm = t.getManager();

		// Prototype seeds on a coarse grid.
		long[] protoSize = CpaLoss.reduced(ts, config.reductionFactorProtos());
		NDArray protosN = normalize(flatten(GridSamples.sample(t, protoSize))); // (B, P, C)
		float[] teacherGridHost = teacherGrid.toFloatArray();
		float[] protoCoords = GridSamples.sampleHost(teacherGridHost, CpaLoss.ints(teacherGrid.getShape()),
				CpaLoss.toInts(protoSize)); // (B, 3, P)
		int np = (int) (protoSize[0] * protoSize[1] * protoSize[2]);
		NDArray coordsP = Constants.floats(tm, protoCoords, new Shape(nb, 3, np)).transpose(0, 2, 1); // (B, P, 3)

		// Reduced teacher map and coordinates.
		long[] tSize = CpaLoss.reduced(ts, config.reductionFactor());
		NDArray tFlat = flatten(GridSamples.sample(t, tSize)); // (B, Nt, C)
		NDArray tN = normalize(tFlat);
		int nt = (int) (tSize[0] * tSize[1] * tSize[2]);
		float[] tCoords = GridSamples.sampleHost(teacherGridHost, CpaLoss.ints(teacherGrid.getShape()),
				CpaLoss.toInts(tSize)); // (B, 3, Nt)
		NDArray coordsT = Constants.floats(tm, tCoords, new Shape(nb, 3, nt)).transpose(0, 2, 1); // (B, Nt, 3)

		// Soft k-means.
		for (int it = 0; it < config.kMeansIterations(); it++) {
			NDArray soft = assign(tN, protosN, config.tempProtoTeacher()); // (B, Nt, P)
			NDArray w = config.useWeightingProtos() ? soft.mul(positionWeights(coordsT, coordsP, config)) : soft;
			NDArray denom = w.sum(new int[] {1}).expandDims(2); // (B, P, 1)
			NDArray wT = w.transpose(0, 2, 1); // (B, P, Nt)
			protosN = normalize(wT.batchMatMul(tFlat).div(denom)); // (B, P, C)
			coordsP = wT.batchMatMul(coordsT).div(denom); // (B, P, 3)
		}
		NDArray teacherTargets = assign(tN, protosN, config.tempProtoTeacher()); // (B, Nt, P)
		if (config.useWeightingTeacher()) teacherTargets = teacherTargets.mul(positionWeights(coordsT, coordsP, config));
		return new Fit(protosN, teacherTargets, tCoords, nt, tSize, np);
	}

	/** Softmax over prototypes of cosine similarities / temperature: (B, N, C) x (B, P, C) -> (B, N, P). */
	static NDArray assign(NDArray normed, NDArray protosN, double temperature) {
		NDArray t = Constants.scalar(normed.getManager(), temperature);
		return normed.batchMatMul(protosN.transpose(0, 2, 1)).div(t).softmax(2); // (B, N, P)
	}

	/** Gaussian weights {@code exp(−|Δ|² / 2σ²)}, σ = FWHM / 2.355, z scaled: (B, N, 3), (B, P, 3) -> (B, N, P). */
	private static NDArray positionWeights(NDArray coords, NDArray protoCoords, CpaLoss.Config config) {
		NDManager m = coords.getManager();
		NDArray scale = Constants.floats(m, new float[] {1f, 1f, (float) config.scaleZ()}, new Shape(3));
		NDArray diff = coords.expandDims(2).sub(protoCoords.expandDims(1)).mul(scale); // (B, N, P, 3)
		NDArray dist = diff.square().sum(new int[] {3}).sqrt(); // (B, N, P)
		double sigma = config.fwhmTeacherProtos() / 2.355;
		return dist.square().neg().div((float) (2 * sigma * sigma)).exp();
	}

	/** F.normalize(x, dim=-1, eps=1e-12). */
	static NDArray normalize(NDArray x) {
		return x.div(x.norm(new int[] {-1}, true).clip(1e-12f, Float.POSITIVE_INFINITY));
	}

	/** (B, C, h, w, d) -> (B, h*w*d, C). */
	static NDArray flatten(NDArray x) {
		Shape s = x.getShape();
		return x.reshape(s.get(0), s.get(1), -1).transpose(0, 2, 1); // (B, N, C)
	}
}
