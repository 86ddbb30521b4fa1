package io.github.punetfiji.data.synth;

/**
 * An organ-like implicit shape: an ellipsoid (optionally squarer in-plane, optionally bent) with its own
 * smooth random warp, rotated about the z axis. {@link #rho2} returns the squared normalised radius
 * (below 1 inside) and leaves the local normalised coordinates in a caller's array for internal
 * structure (cortex, gas level, ...).
 */
final class Blob {
	final double cx, cy, cz, ax, ay, az;
	private final double cos, sin, square, bend;
	private final Warp warp;
	private final double reachXY, reachZ;

	/**
	 * @param angleDeg in-plane rotation of the local u axis from the x axis
	 * @param square 0 for an ellipse in-plane, up to about 0.5 for a rounded rectangle
	 * @param bend displacement of the shape's ends along v (in units of ay), for crescents; 0 for none
	 */
	Blob(double cx, double cy, double cz, double angleDeg, double ax, double ay, double az, double square, double bend, Warp warp) {
		this.cx = cx;
		this.cy = cy;
		this.cz = cz;
		this.ax = ax;
		this.ay = ay;
		this.az = az;
		double a = Math.toRadians(angleDeg);
		this.cos = StrictMath.cos(a);
		this.sin = StrictMath.sin(a);
		this.square = square;
		this.bend = bend;
		this.warp = warp;
		double w = warp == null ? 0 : warp.bound();
		this.reachXY = Math.max(ax, ay) * (1.5 + Math.abs(bend)) + w;
		this.reachZ = az + w;
	}

	/** A cheap test that (x, y, z) may be inside: false means certainly outside. */
	boolean near(double x, double y, double z) {
		return Math.abs(x - cx) < reachXY && Math.abs(y - cy) < reachXY && Math.abs(z - cz) < reachZ;
	}

	/**
	 * The squared normalised radius at anatomical point (x, y, z), sample-grid point (ix, iy, iz).
	 *
	 * @param q receives the local normalised coordinates (u/ax, v/ay, z/az)
	 * @param d scratch space of length 3
	 */
	double rho2(int ix, int iy, int iz, double x, double y, double z, double[] q, double[] d) {
		d[0] = 0;
		d[1] = 0;
		d[2] = 0;
		if (warp != null) warp.add(ix, iy, iz, d);
		double dx = x + d[0] - cx, dy = y + d[1] - cy, dz = z + d[2] - cz;
		double u = (cos * dx + sin * dy) / ax;
		double v = (-sin * dx + cos * dy) / ay;
		double w = dz / az;
		if (bend != 0) v -= bend * (u * u + 0.5 * w * w - 0.4);
		q[0] = u;
		q[1] = v;
		q[2] = w;
		double uu = u * u, vv = v * v;
		double plane = square == 0 ? uu + vv : (1 - square) * (uu + vv) + square * Math.sqrt(uu * uu + vv * vv);
		return plane + w * w;
	}

	/** A smooth minimum of two implicit values (both {@code rho2 - 1}), for organic unions. */
	static double smoothMin(double a, double b, double k) {
		double h = Math.max(k - Math.abs(a - b), 0) / k;
		return Math.min(a, b) - h * h * k * 0.25;
	}
}
