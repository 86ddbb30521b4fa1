package io.github.punetfiji.train.views;

import java.util.SplittableRandom;

/**
 * MONAI {@code RandAffine} as the reference configures it: {@code rotate_range=(0, 0, 0.4)},
 * {@code shear_range=(0.025, 0, 0.025, 0, 0, 0)}, {@code scale_range=((-s, s), (-s, s), (0, 0))}, no
 * translation, output size = input size, {@code mode} bilinear for image and grid / nearest for
 * labels, {@code padding_mode="reflection"}. Students use {@code prob=0.8, s=0.25}, the teacher
 * {@code prob=0.5, s=0.1}.
 *
 * <p>The matrix is MONAI's {@code rotate @ shear @ scale}, mapping output offsets from the centre to
 * input offsets: {@code R(θ) · [[1, a], [b, 1]] · diag(1 + sx, 1 + sy)} with {@code θ ~ U(-0.4, 0.4)},
 * {@code a, b ~ U(-0.025, 0.025)}, {@code sx, sy ~ U(-s, s)}.
 *
 * <p>NB: the reference's 3D matrix has an identity z row and column (rotation about z only, shears
 * only between x and y, z scale 1), so its trilinear {@code grid_sample} samples exactly within each
 * slice; this class therefore resamples per slice with bilinear interpolation
 * ({@link Resampling#affineInPlane}).
 */
public final class InPlaneAffine implements Augmentation {
	/** Students' {@code RandAffined(prob=0.8)}. */
	public static final double STUDENT_PROB = 0.8;
	/** Teacher's {@code RandAffined(prob=0.5)}. */
	public static final double TEACHER_PROB = 0.5;
	/** {@code rotate_range=(0., 0., 0.4)} (radians, about z). */
	public static final double ROTATE = 0.4;
	/** {@code shear_range=(0.025, 0., 0.025, 0., 0., 0.)}: entries (x, y) and (y, x). */
	public static final double SHEAR = 0.025;
	/** Students' {@code scale_range=((-0.25, 0.25), (-0.25, 0.25), (0., 0.))}. */
	public static final double STUDENT_SCALE = 0.25;
	/** Teacher's {@code scale_range=((-0.1, 0.1), (-0.1, 0.1), (0., 0.))}. */
	public static final double TEACHER_SCALE = 0.1;

	private final double rotate, shear, scale;

	public InPlaneAffine(double rotate, double shear, double scale) {
		this.rotate = rotate;
		this.shear = shear;
		this.scale = scale;
	}

	/** A random matrix, row-major {@code [a00, a01, a10, a11]}. */
	public double[] sampleMatrix(SplittableRandom rng) {
		double theta = Augmentation.uniform(rng, -rotate, rotate);
		double a = Augmentation.uniform(rng, -shear, shear);
		double b = Augmentation.uniform(rng, -shear, shear);
		double sx = 1 + Augmentation.uniform(rng, -scale, scale);
		double sy = 1 + Augmentation.uniform(rng, -scale, scale);
		return matrix(theta, a, b, sx, sy);
	}

	/** {@code R(θ) · [[1, a], [b, 1]] · diag(sx, sy)}, row-major. */
	public static double[] matrix(double theta, double a, double b, double sx, double sy) {
		double c = Math.cos(theta), s = Math.sin(theta);
		// R·Sh = [[c - s·b, c·a - s], [s + c·b, s·a + c]]
		double m00 = c - s * b, m01 = c * a - s, m10 = s + c * b, m11 = s * a + c;
		return new double[] {m00 * sx, m01 * sy, m10 * sx, m11 * sy};
	}

	@Override
	public void apply(View v, SplittableRandom rng) {
		View out = Resampling.affineInPlane(v, sampleMatrix(rng));
		v.image = out.image;
		v.grid = out.grid;
		v.labels = out.labels;
	}
}
