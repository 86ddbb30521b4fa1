package io.github.punetfiji.train;

import io.github.punetfiji.model.Constants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Contrastive prototype assignment (CPA), the self-supervised loss of the reference
 * ({@code src/modules/losses/contrastive_protos_teacher.py}, {@code ContrastiveProtosTeacherLoss}). The prototypes
 * (steps 2 and 3) are {@link CpaPrototypes}; this class crops the students and scores them against the teacher's
 * assignments (step 4).
 *
 * <ol>
 * <li>Every map (students, teacher) and its coordinate grid is resampled to 1/{@code reductionFactor} of
 * the map size; a student is first cropped by a random spatial jitter.</li>
 * <li>Prototype seeds: the teacher map and grid sampled on a grid 1/{@code reductionFactorProtos} as fine.
 * </li>
 * <li>Soft k-means on the normalised teacher embeddings: assignments are a softmax of cosine similarities
 * over prototypes ({@code tempProtoTeacher}), optionally weighted by a Gaussian of the distance between the
 * voxel and the prototype's coordinates; prototypes and their coordinates become the weighted means.</li>
 * <li>The final teacher assignments are the targets: each student voxel takes those of the teacher voxel
 * closest in coordinates (if within {@code maxSimDist}) and is trained by cross-entropy against its own
 * assignment softmax ({@code tempProtoStudent}).</li>
 * </ol>
 * The teacher side carries no gradient. Reference quirks kept: coordinate grids are cropped with the
 * embeddings' jitter indices even at another resolution; distances scale z by {@code scaleZ}.
 *
 * <p>NB: the reference groups batch elements by frame name, but every quantity is per element, so the
 * grouping only changes the order of the final mean; it is not taken here.
 *
 * <p>Dimension letters: B batch, C channels, S students, H/W/D map size, h/w/d reduced size, N voxels of
 * a reduced map (Ns student, Nt teacher), P prototypes.
 */
public final class CpaLoss {
	/**
	 * CPA settings. The defaults are those of {@code instruction_model.py}.
	 *
	 * @param reductionFactor map down-sampling before the loss ({@code reduction_factor})
	 * @param reductionFactorProtos teacher down-sampling for prototype seeds
	 * @param lossWeight factor on each student's loss ({@code loss_weight_sim_protos})
	 * @param kMeansIterations soft k-means iterations
	 * @param useWeightingProtos spatial weighting inside k-means
	 * @param useWeightingTeacher spatial weighting of the final teacher assignments
	 * @param fwhmStudentTeacher FWHM of the student-teacher Gaussian (only its mask, unused by the loss)
	 * @param fwhmTeacherProtos FWHM of the teacher-prototype Gaussian, in coordinate units
	 * @param tempProtoTeacher softmax temperature of teacher assignments
	 * @param tempProtoStudent softmax temperature of student assignments
	 * @param maxSimDist a student voxel is used if its closest teacher voxel is at most this far
	 * @param scaleZ factor on z differences in every distance
	 */
	public record Config(double reductionFactor, double reductionFactorProtos, double lossWeight, int kMeansIterations,
			boolean useWeightingProtos, boolean useWeightingTeacher, double fwhmStudentTeacher, double fwhmTeacherProtos,
			double tempProtoTeacher, double tempProtoStudent, double maxSimDist, double scaleZ) {
		public Config {
			if (!(reductionFactor >= 1) || !(reductionFactorProtos >= 1)) {
				throw new IllegalArgumentException(
						"reduction factors must be >= 1, got " + reductionFactor + " and " + reductionFactorProtos);
			}
			if (kMeansIterations < 0) throw new IllegalArgumentException("k-means iterations must be >= 0, got " + kMeansIterations);
			if (!(tempProtoTeacher > 0) || !(tempProtoStudent > 0)) {
				throw new IllegalArgumentException("temperatures must be > 0, got " + tempProtoTeacher + " and " + tempProtoStudent);
			}
		}

		/** {@code instruction_model.py}: factors 2 / 8, weight 0.01, 3 iterations, weighting protos only, FWHM 128. */
		public static Config defaults() {
			return new Config(2, 8, 0.01, 3, true, false, 128, 128, 0.033, 0.066, 4.0, 2.0);
		}

		/** The same with another loss weight (downstream the reference uses 0). */
		public Config withLossWeight(double weight) {
			return new Config(reductionFactor, reductionFactorProtos, weight, kMeansIterations, useWeightingProtos, useWeightingTeacher,
					fwhmStudentTeacher, fwhmTeacherProtos, tempProtoTeacher, tempProtoStudent, maxSimDist, scaleZ);
		}
	}

	/** Source of the students' spatial jitter (the reference's {@code torch.randint}). */
	@FunctionalInterface
	public interface Jitter {
		/**
		 * Four crop amounts {@code {H start, H end, W start, W end}}, each in [0, {@code high}).
		 */
		int[] next(int high);

		/** Uniform draws from a seeded generator (the default). */
		static Jitter seeded(long seed) {
			Random random = new Random(seed);
			return high -> new int[] {random.nextInt(high), random.nextInt(high), random.nextInt(high), random.nextInt(high)};
		}

		/** No cropping, as in the reference-parity fixture. */
		static Jitter zeros() {
			return high -> new int[4];
		}
	}

	/**
	 * Losses and the teacher's final assignments.
	 *
	 * @param studentLosses one scalar per student (loss weight included), in that student's manager
	 * @param teacherAssignments {@code [B, P, h, w, d]} final teacher-to-prototype assignments (no gradient)
	 */
	public record Result(List<NDArray> studentLosses, NDArray teacherAssignments) {
		/** The sum of the student losses. */
		public NDArray total() {
			NDArray sum = studentLosses.get(0);
			for (int s = 1; s < studentLosses.size(); s++) sum = sum.add(studentLosses.get(s));
			return sum;
		}
	}

	private final Config config;
	private final Jitter jitter;

	/** With {@link Jitter#seeded(long) seeded} jitter. */
	public CpaLoss(Config config, long seed) {
		this(config, Jitter.seeded(seed));
	}

	public CpaLoss(Config config, Jitter jitter) {
		this.config = config;
		this.jitter = jitter;
	}

	public Config config() {
		return config;
	}

	/**
	 * Computes the loss of every student. Intermediates are released; the autograd graph back to the
	 * student embeddings is kept.
	 *
	 * @param students student embeddings {@code [B, C, H_s, W_s, D_s]}
	 * @param teacher teacher embeddings {@code [B, C, H_t, W_t, D_t]} (gradient is stopped)
	 * @param studentGrids coordinate grids {@code [B, 3, ·, ·, ·]} of the students' views (any resolution)
	 * @param teacherGrid coordinate grid {@code [B, 3, ·, ·, ·]} of the teacher's view
	 */
	public Result compute(List<NDArray> students, NDArray teacher, List<NDArray> studentGrids, NDArray teacherGrid) {
		int ns = students.size();
		if (ns == 0 || studentGrids.size() != ns) {
			throw new IllegalArgumentException(ns + " students need as many coordinate grids, got " + studentGrids.size());
		}
		Shape ts = teacher.getShape();
		check("teacher", ts, ts.get(0), ts.get(1));
		check("teacher grid", teacherGrid.getShape(), ts.get(0), 3);
		for (int s = 0; s < ns; s++) {
			check("student " + s, students.get(s).getShape(), ts.get(0), ts.get(1));
			check("student grid " + s, studentGrids.get(s).getShape(), ts.get(0), 3);
		}
		int nb = (int) ts.get(0);
		try (NDScope scope = new NDScope()) {
			NDArray t = teacher.stopGradient();

			CpaPrototypes.Fit fit = CpaPrototypes.fit(t, teacherGrid, config);
			int np = fit.count();
			NDArray protosN = fit.prototypes();
			NDArray teacherTargets = fit.teacherTargets();
			float[] tCoords = fit.teacherCoords();
			int nt = fit.teacherVoxels();
			long[] tSize = fit.teacherSize();
			float[] targets = teacherTargets.toFloatArray(); // (B, Nt, P)

			List<NDArray> losses = new ArrayList<>();
			for (int s = 0; s < ns; s++) {
				losses.add(studentLoss(students.get(s), studentGrids.get(s), tCoords, nt, np, targets, protosN));
			}
			NDArray assignments = teacherTargets.transpose(0, 2, 1).reshape(nb, np, tSize[0], tSize[1], tSize[2]); // (B, P, h, w, d)
			NDScope.unregister(assignments);
			for (NDArray l : losses) NDScope.unregister(l);
			return new Result(List.copyOf(losses), assignments);
		}
	}

	private NDArray studentLoss(NDArray student, NDArray grid, float[] tCoords, int nt, int np, float[] teacherTargets, NDArray protosN) {
		Shape ss = student.getShape();
		int nb = (int) ss.get(0);
		long[] size = reduced(ss, config.reductionFactor()); // from the uncropped size, as the reference
		int[] j = jitter.next((int) Math.ceil(config.reductionFactor()));
		NDArray cropped = student.get(new NDIndex(":, :, {}:{}, {}:{}, :", j[0], ss.get(2) - j[1], j[2], ss.get(3) - j[3]));
		int[] gs = ints(grid.getShape());
		int[] gCrop = {gs[0], gs[1], gs[2] - j[0] - j[1], gs[3] - j[2] - j[3], gs[4]};
		if (cropped.getShape().get(2) < 1 || cropped.getShape().get(3) < 1 || gCrop[2] < 1 || gCrop[3] < 1) {
			throw new IllegalArgumentException("jitter " + java.util.Arrays.toString(j) + " leaves nothing of " + ss);
		}
		// NB: the grid is cropped with the embedding's indices even at its own resolution (reference quirk).
		float[] gridCropped = crop(grid.toFloatArray(), gs, j);
		float[] sCoords = GridSamples.sampleHost(gridCropped, gCrop, toInts(size)); // (B, 3, Ns)
		int nsv = (int) (size[0] * size[1] * size[2]);

		// Closest teacher voxel of every student voxel, as the reference's float32 argmin (first minimum).
		float maxDist = (float) config.maxSimDist();
		float scaleZ = (float) config.scaleZ();
		float[] target = new float[nb * nsv * np];
		float[] nSelected = new float[nb];
		float[] valid = new float[nb];
		int nValid = 0;
		for (int b = 0; b < nb; b++) {
			int count = 0;
			for (int n = 0; n < nsv; n++) {
				float best = Float.POSITIVE_INFINITY;
				int arg = 0;
				for (int m = 0; m < nt; m++) {
					float dx = sCoords[(b * 3) * nsv + n] - tCoords[(b * 3) * nt + m];
					float dy = sCoords[(b * 3 + 1) * nsv + n] - tCoords[(b * 3 + 1) * nt + m];
					float dz = (sCoords[(b * 3 + 2) * nsv + n] - tCoords[(b * 3 + 2) * nt + m]) * scaleZ;
					float d = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
					if (d < best) {
						best = d;
						arg = m;
					}
				}
				if (best <= maxDist) {
					count++;
					System.arraycopy(teacherTargets, (b * nt + arg) * np, target, (b * nsv + n) * np, np);
				}
			}
			nSelected[b] = count == 0 ? 1 : count;
			valid[b] = count == 0 ? 0 : 1;
			nValid += count == 0 ? 0 : 1;
		}
		NDManager manager = student.getManager();
		if (nValid == 0) return manager.zeros(new Shape());

		NDArray sN = CpaPrototypes.normalize(CpaPrototypes.flatten(GridSamples.sample(cropped, size))); // (B, Ns, C)
		NDArray logP = CpaPrototypes.assign(sN, protosN, config.tempProtoStudent()).add(1e-16f).log().clip(-1000f, -0f); // (B, Ns, P)
		NDArray t = Constants.floats(manager, target, new Shape(nb, nsv, np));
		NDArray ce = t.mul(logP).sum(new int[] {2}).sum(new int[] {1}).neg(); // (B), sum over selected voxels
		NDArray perElement = ce.div(Constants.floats(manager, nSelected, new Shape(nb)))
				.mul(Constants.floats(manager, valid, new Shape(nb)));
		return perElement.sum().div(Constants.scalar(manager, nValid)).mul(Constants.scalar(manager, config.lossWeight()));
	}

	/** Crops H and W of a row-major (B, C, H, W, D) array by {start H, end H, start W, end W}. */
	private static float[] crop(float[] x, int[] s, int[] j) {
		int h = s[2] - j[0] - j[1], w = s[3] - j[2] - j[3], d = s[4];
		float[] out = new float[s[0] * s[1] * h * w * d];
		int o = 0;
		for (int bc = 0; bc < s[0] * s[1]; bc++) {
			for (int y = 0; y < h; y++) {
				for (int x2 = 0; x2 < w; x2++) {
					System.arraycopy(x, ((bc * s[2] + y + j[0]) * s[3] + x2 + j[2]) * d, out, o, d);
					o += d;
				}
			}
		}
		return out;
	}

	/** {@code max(int(s // factor), 1)} per spatial axis of a (B, C, H, W, D) shape. */
	static long[] reduced(Shape s, double factor) {
		long[] out = new long[3];
		for (int a = 0; a < 3; a++) out[a] = Math.max((long) floorDiv(s.get(a + 2), factor), 1);
		return out;
	}

	/** Python's float floor division {@code a // b} for b > 0. */
	static double floorDiv(double a, double b) {
		double mod = a % b;
		double div = (a - mod) / b;
		if (mod != 0 && (b < 0) != (mod < 0)) div -= 1.0;
		if (div == 0) return 0;
		double f = Math.floor(div);
		return div - f > 0.5 ? f + 1 : f;
	}

	/**
	 * The reference's {@code plots['sim_teacher_proxy']}: the middle depth slice of the teacher assignments,
	 * nearest-upsampled by the reduction factor in H and W.
	 *
	 * @param assignments {@code [B, P, h, w, d]} ({@link Result#teacherAssignments()})
	 * @return {@code [B, P, floor(h·f), floor(w·f), 1]}, in the assignments' manager
	 */
	public static NDArray plotSlice(NDArray assignments, double factor) {
		Shape s = assignments.getShape();
		int n = (int) (s.get(0) * s.get(1)), h = (int) s.get(2), w = (int) s.get(3), d = (int) s.get(4);
		int oh = (int) Math.floor(h * factor), ow = (int) Math.floor(w * factor);
		float[] a = assignments.toFloatArray();
		float[] out = new float[n * oh * ow];
		float scale = (float) (1.0 / factor);
		for (int i = 0; i < n; i++) {
			for (int y = 0; y < oh; y++) {
				int sy = Math.min((int) Math.floor(y * scale), h - 1);
				for (int x = 0; x < ow; x++) {
					int sx = Math.min((int) Math.floor(x * scale), w - 1);
					out[(i * oh + y) * ow + x] = a[((i * h + sy) * w + sx) * d + d / 2];
				}
			}
		}
		return assignments.getManager().create(out, new Shape(s.get(0), s.get(1), oh, ow, 1));
	}

	private static void check(String what, Shape s, long batch, long channels) {
		if (s.dimension() != 5 || s.get(0) != batch || s.get(1) != channels) {
			throw new IllegalArgumentException(what + " must be [" + batch + ", " + channels + ", H, W, D], got " + s);
		}
	}

	static int[] ints(Shape s) {
		int[] out = new int[s.dimension()];
		for (int i = 0; i < out.length; i++) out[i] = (int) s.get(i);
		return out;
	}

	static int[] toInts(long[] v) {
		int[] out = new int[v.length];
		for (int i = 0; i < v.length; i++) out[i] = (int) v[i];
		return out;
	}
}
