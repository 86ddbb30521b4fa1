package io.github.punetfiji.data.synth;

/**
 * One subject's anatomy as implicit functions in millimetres: {@link #classify} says which
 * {@link Tissue} is at a point of the super-sampled grid. Anatomical frame: x towards the patient's left
 * (image columns), y posterior (image rows, so anterior is at the top of an axial slice as on a scanner),
 * z superior (slices), origin at the body's centre line; z is in the nominal 0–144 mm field of view.
 *
 * <p>Every size, position, angle and warp is drawn per subject from the given {@link Rng}. Overlaps are
 * resolved by a fixed priority: body wall and spine, vessels, thorax above the diaphragm, kidneys,
 * spleen, gallbladder, pancreas, stomach, liver, psoas, and intra-abdominal fat last.
 */
final class Anatomy {
	private final double[] xs, ys, zs;
	private final Warp global;
	private final double ox, oy, oz, cosG, sinG;
	private final double[] d = new double[3], q = new double[3];

	// body wall
	private final double bodyA, bodyB, bodyTaper, wAnt, wPost, fatT, muscleT;
	// spine
	private final double vx, vy, vax, vay, canalY, canalR, segLen, segPhase, discT, spinLen, tpLen;
	// vessels
	private final double aortaX, aortaY, aortaR, bifZ, ivcX, ivcY, ivcRx, ivcRy;
	private final double[][] arteries, veins; // segments {x0,y0,z0,x1,y1,z1,r}
	// diaphragm
	private final double domeR, domeL, domeXR, domeXL, domeRad;
	// organs
	private final Blob heart, liver, liverLobe, gallbladder, spleen, kidneyL, kidneyR, stomach, antrum;
	private final double stomachWall, gasLevel;
	private final double[][] pancreas; // polyline points {x,y,z,r}
	private final double[] pancreasBox; // {minx,maxx,miny,maxy,minz,maxz}
	private final Warp pancreasWarp;
	private final double psoasTop, ribPitch, ribPhase, ribLow;

	Anatomy(Rng r, double[] xs, double[] ys, double[] zs, double[] fov) {
		this.xs = xs;
		this.ys = ys;
		this.zs = zs;
		global = new Warp(r.split(), 3, 150, 320, 2.5, xs, ys, zs);
		ox = fov[0] / 2 + r.u(-5, 5);
		oy = fov[1] / 2 + r.u(-4, 6);
		oz = r.u(-10, 10);
		double g = Math.toRadians(r.u(-5, 5));
		cosG = StrictMath.cos(g);
		sinG = StrictMath.sin(g);

		bodyA = r.u(98, 109);
		bodyB = r.u(80, 93);
		bodyTaper = r.u(-0.04, 0.08);
		wAnt = r.u(0.1, 0.3);
		wPost = r.u(0.35, 0.55);
		fatT = r.u(5, 22);
		muscleT = r.u(7, 12);
		double cavA = bodyA - fatT - muscleT, cavB = bodyB - fatT - muscleT;

		// spine: vertebral body, canal, arch, spinous and transverse processes, discs every segment
		vx = r.u(-4, 4);
		vax = r.u(17, 21);
		vay = r.u(14, 17);
		vy = bodyB - fatT - r.u(28, 34) - vay;
		canalR = r.u(6.5, 8);
		canalY = vy + vay + canalR + 1;
		segLen = r.u(27, 33);
		segPhase = r.u(0, segLen);
		discT = r.u(6, 9);
		spinLen = r.u(14, 20);
		tpLen = r.u(11, 17);

		// diaphragm domes (right higher, under it the liver)
		domeR = r.u(118, 132);
		domeL = domeR - r.u(4, 14);
		domeXR = -0.45 * cavA;
		domeXL = 0.45 * cavA;
		domeRad = r.u(80, 110);

		// great vessels
		aortaR = r.u(9, 12.5);
		aortaX = vx + r.u(10, 20);
		aortaY = vy - vay - aortaR - r.u(1, 5);
		bifZ = r.u(-20, 25);
		ivcRx = r.u(10, 14);
		ivcRy = r.u(7, 10);
		ivcX = vx - r.u(20, 27);
		ivcY = vy - vay - ivcRy - r.u(0, 6);

		// kidneys: bean shapes lateral to the spine, hilum facing antero-medially, right one lower
		double kzL = r.u(52, 64), kzR = kzL - r.u(6, 18);
		kidneyL = new Blob(vx + vax + r.u(32, 42), vy + r.u(0, 12), kzL, 180 + r.u(25, 50), r.u(24, 30), r.u(19, 24), r.u(40, 48), 0, 0,
				new Warp(r.split(), 2, 60, 140, 2.5, xs, ys, zs));
		kidneyR = new Blob(vx - vax - r.u(32, 42), vy + r.u(0, 12), kzR, -r.u(25, 50), r.u(24, 30), r.u(19, 24), r.u(40, 48), 0, 0,
				new Warp(r.split(), 2, 60, 140, 2.5, xs, ys, zs));

		// liver: big right-sided lobe plus a left lobe crossing the midline anteriorly
		liver = new Blob(-0.5 * cavA + r.u(-6, 6), -0.05 * cavB + r.u(-8, 8), domeR - r.u(40, 50), r.u(-20, 20), r.u(0.55, 0.7) * cavA,
				r.u(0.7, 0.9) * cavB, r.u(52, 66), r.u(0.2, 0.45), 0, new Warp(r.split(), 3, 70, 180, 5, xs, ys, zs));
		liverLobe = new Blob(r.u(-5, 15), -0.5 * cavB + r.u(-5, 5), domeR - r.u(25, 35), r.u(-25, 5), r.u(40, 58), r.u(17, 25), r.u(20, 30),
				0.2, 0, new Warp(r.split(), 2, 60, 140, 4, xs, ys, zs));
		gallbladder = r.chance(0.75)
				? new Blob(liver.cx + r.u(15, 30), -0.35 * cavB + r.u(-5, 5), liver.cz - liver.az * r.u(0.35, 0.6), r.u(30, 80),
						r.u(22, 30), r.u(11, 15), r.u(11, 15), 0, 0, new Warp(r.split(), 2, 50, 100, 2, xs, ys, zs))
				: null;

		// spleen: crescent along the left postero-lateral wall, same mean as the liver
		spleen = new Blob(0.62 * cavA + r.u(-6, 4), 0.3 * cavB + r.u(-6, 6), domeL - r.u(28, 38), r.u(105, 130), r.u(45, 62), r.u(16, 24),
				r.u(38, 50), 0, r.u(0.4, 0.8), new Warp(r.split(), 2, 60, 140, 3, xs, ys, zs));

		// stomach: fundus/body under the left dome, antrum sweeping to the right anteriorly
		double dist = r.u(0.75, 1.1);
		stomach = new Blob(0.3 * cavA + r.u(-8, 8), -0.35 * cavB + r.u(-6, 6), domeL - r.u(28, 36), r.u(-25, 10), dist * r.u(38, 48),
				dist * r.u(22, 30), dist * r.u(30, 40), 0, 0, new Warp(r.split(), 2, 60, 140, 4, xs, ys, zs));
		antrum = new Blob(stomach.cx - r.u(35, 50), -0.55 * cavB + r.u(-4, 6), stomach.cz - r.u(22, 32), r.u(-20, 20), dist * r.u(32, 42),
				dist * r.u(13, 18), dist * r.u(14, 20), 0, 0, new Warp(r.split(), 2, 60, 140, 3, xs, ys, zs));
		stomachWall = r.u(3, 5);
		gasLevel = Math.min(stomach.cy - stomach.ay, antrum.cy - antrum.ay) + stomachWall + r.u(8, 30);

		// pancreas: a tapering tube from the splenic hilum across the aorta to the head near the duodenum
		double pz = kzL + r.u(5, 15);
		double[][] ctrl = {{spleen.cx - r.u(12, 20), spleen.cy - r.u(8, 16), pz + r.u(0, 10), r.u(8, 10)},
				{aortaX + r.u(0, 10), aortaY - aortaR - r.u(12, 18), pz, r.u(9, 12)},
				{ivcX - r.u(0, 10), ivcY - ivcRy - r.u(12, 20), pz - r.u(5, 12), r.u(13, 17)}};
		pancreas = new double[16][];
		pancreasBox = new double[] {1e9, -1e9, 1e9, -1e9, 1e9, -1e9};
		pancreasWarp = new Warp(r.split(), 2, 40, 100, 4, xs, ys, zs);
		double pw = pancreasWarp.bound();
		for (int i = 0; i < pancreas.length; i++) {
			double t = i / (pancreas.length - 1.0);
			double[] p = new double[4];
			for (int c = 0; c < 4; c++) {
				p[c] = (1 - t) * (1 - t) * ctrl[0][c] + 2 * t * (1 - t) * ctrl[1][c] + t * t * ctrl[2][c];
			}
			pancreas[i] = p;
			for (int c = 0; c < 3; c++) {
				pancreasBox[2 * c] = Math.min(pancreasBox[2 * c], p[c] - p[3] - pw);
				pancreasBox[2 * c + 1] = Math.max(pancreasBox[2 * c + 1], p[c] + p[3] + pw);
			}
		}

		// other arteries (same contrast as the aorta, not labelled aorta) and veins
		double smaZ = pz + r.u(-4, 8);
		arteries = new double[][] {hilum(kidneyL, aortaX, aortaY, 3.2), hilum(kidneyR, aortaX, aortaY, 3.2),
				{aortaX, aortaY - aortaR * 0.5, smaZ, aortaX + r.u(-3, 3), aortaY - aortaR - r.u(14, 20), smaZ - r.u(8, 14), r.u(3, 4.2)},
				{aortaX, aortaY - aortaR - 17, smaZ - 11, aortaX + r.u(-12, 0), aortaY - aortaR - r.u(20, 30), smaZ - 70, 3.6}};
		veins = new double[][] {{kidneyL.cx, kidneyL.cy - 8, kidneyL.cz + 3, ivcX, ivcY, kidneyL.cz + r.u(2, 8), r.u(4, 5.5)}};

		heart = new Blob(r.u(5, 25), -0.3 * cavB + r.u(-5, 5), domeL + r.u(20, 35), r.u(20, 50), r.u(50, 60), r.u(40, 50), r.u(35, 45), 0,
				0, null);
		psoasTop = kzL + r.u(-5, 15);
		ribPitch = r.u(19, 25);
		ribPhase = r.u(0, ribPitch);
		ribLow = r.u(55, 70);
	}

	/** A vessel segment from a kidney's hilum to a point beside the aorta or IVC. */
	private static double[] hilum(Blob k, double x, double y, double radius) {
		double hx = k.cx - Math.signum(k.cx - x) * 0.6 * k.ax, hy = k.cy - 0.3 * k.ay;
		return new double[] {hx, hy, k.cz, x, y, k.cz + 4, radius};
	}

	/** The anatomical position (x, y, z in mm) of super-sampled grid point (ix, iy, iz), into {@code out}. */
	void position(int ix, int iy, int iz, double[] out) {
		d[0] = d[1] = d[2] = 0;
		global.add(ix, iy, iz, d);
		double px = xs[ix] + d[0] - ox, py = ys[iy] + d[1] - oy;
		out[0] = cosG * px + sinG * py;
		out[1] = -sinG * px + cosG * py;
		out[2] = zs[iz] + d[2] - oz;
	}

	/** The tissue at super-sampled grid point (ix, iy, iz). */
	Tissue classify(int ix, int iy, int iz) {
		d[0] = d[1] = d[2] = 0;
		global.add(ix, iy, iz, d);
		double px = xs[ix] + d[0] - ox, py = ys[iy] + d[1] - oy;
		double x = cosG * px + sinG * py, y = -sinG * px + cosG * py, z = zs[iz] + d[2] - oz;

		double taper = 1 + bodyTaper * (z - 72) / 72;
		double a = bodyA * taper, b = bodyB * taper;
		if (contour(x, y, a, b) >= 1) return Tissue.AIR;
		Tissue t = spine(x, y, z);
		if (t != null) return t;
		if (contour(x, y, a - fatT, b - fatT) >= 1) return Tissue.SUBCUT_FAT;
		double cav = contour(x, y, a - fatT - muscleT, b - fatT - muscleT);
		if (rib(x, y, z, cav, a - fatT - muscleT)) return Tissue.RIB;
		if (cav >= 1) return Tissue.MUSCLE;
		if (paraspinal(x, y)) return Tissue.MUSCLE;
		t = vessel(x, y, z);
		if (t != null) return t;
		double dome = dome(x, y);
		if (z > dome) return thorax(ix, iy, iz, x, y, z);
		if (z > dome - 4.5) return Tissue.MUSCLE;
		t = kidney(kidneyL, ix, iy, iz, x, y, z, Tissue.KIDNEY_L_CORTEX, Tissue.KIDNEY_L_MEDULLA, Tissue.KIDNEY_L_PELVIS);
		if (t != null) return t;
		t = kidney(kidneyR, ix, iy, iz, x, y, z, Tissue.KIDNEY_R_CORTEX, Tissue.KIDNEY_R_MEDULLA, Tissue.KIDNEY_R_PELVIS);
		if (t != null) return t;
		if (spleen.near(x, y, z) && spleen.rho2(ix, iy, iz, x, y, z, q, d) < 1) return Tissue.SPLEEN;
		if (gallbladder != null && gallbladder.near(x, y, z) && gallbladder.rho2(ix, iy, iz, x, y, z, q, d) < 1) return Tissue.GALLBLADDER;
		if (inPancreas(ix, iy, iz, x, y, z)) return Tissue.PANCREAS;
		t = stomach(ix, iy, iz, x, y, z);
		if (t != null) return t;
		if (inLiver(ix, iy, iz, x, y, z)) return Tissue.LIVER;
		if (psoas(x, y, z)) return Tissue.MUSCLE;
		return Tissue.VISCERAL;
	}

	/** A rounded-rectangle contour value (below 1 inside); flatter at the back. */
	private double contour(double x, double y, double a, double b) {
		double X = x / a, Y = y / b;
		double xx = X * X, yy = Y * Y;
		double w = y > 0 ? wPost : wAnt;
		return (1 - w) * (xx + yy) + w * Math.sqrt(xx * xx + yy * yy);
	}

	private Tissue spine(double x, double y, double z) {
		double dx = x - vx;
		if (Math.abs(dx) > vax + tpLen + canalR + 2 || y < vy - vay - 1 || y > canalY + canalR + spinLen + 2) return null;
		double s = z - segPhase;
		s = s - Math.floor(s / segLen) * segLen; // position within a segment
		double e = sq(dx / vax) + sq((y - vy) / vay);
		if (e < 1) {
			if (s < discT) return Tissue.DISC;
			double inner = sq(dx / (vax - 2.5)) + sq((y - vy) / (vay - 2.5));
			return inner >= 1 || s < discT + 1.0 || s > segLen - 1.0 ? Tissue.BONE_CORTEX : Tissue.BONE_MARROW;
		}
		double cdy = y - canalY;
		double rc = Math.sqrt(dx * dx + cdy * cdy);
		if (rc < canalR) return Tissue.CANAL;
		boolean body = s >= discT * 0.5;
		if (rc < canalR + 4.5 && body) return Tissue.BONE_CORTEX;
		if (Math.abs(dx) < 3.5 && cdy > 0 && cdy < canalR + spinLen && s > discT && s < segLen * 0.85) return Tissue.BONE_CORTEX;
		double adx = Math.abs(dx);
		if (adx > canalR && adx < canalR + tpLen && Math.abs(cdy + 2) < 2.6 && s > segLen * 0.45 && s < segLen * 0.75)
			return Tissue.BONE_CORTEX;
		return null;
	}

	private boolean rib(double x, double y, double z, double cav, double cavA) {
		double band = 2 * 6 / cavA;
		if (cav < 1 - band * 0.3 || cav > 1 + band) return false;
		if (y < 0 && Math.abs(x) < 0.45 * cavA) return false; // the epigastric gap below the costal margin
		double zr = z - 1.1 * y; // ribs run down towards the front
		if (z < ribLow + 0.6 * Math.max(0, -y)) return false; // the costal margin rises to the front
		double s = (zr - ribPhase) / ribPitch;
		s -= Math.floor(s);
		return s < 0.4;
	}

	private boolean paraspinal(double x, double y) {
		double cy = canalY + 7;
		double dx = Math.abs(x - vx) - (canalR + 15);
		return sq(dx / 19) + sq((y - cy) / 16) < 1;
	}

	private Tissue vessel(double x, double y, double z) {
		double dome = dome(x, y);
		// the aorta bends posteriorly and to the left above the diaphragm
		double up = clamp((z - (domeL - 25)) / 30, 0, 1);
		double ax = aortaX + 6 * up, ay = aortaY + 12 * up;
		if (z > bifZ) {
			if (sq(x - ax) + sq(y - ay) < aortaR * aortaR) return Tissue.AORTA;
		} else {
			double rr = aortaR * 0.72;
			double spread = 6 + 0.4 * (bifZ - z);
			if (sq(Math.abs(x - ax) - spread) + sq(y - ay) < rr * rr) return Tissue.ARTERY;
		}
		for (double[] s : arteries) {
			if (inSegment(s, x, y, z)) return Tissue.ARTERY;
		}
		if (z < dome + 12 && sq((x - ivcX) / ivcRx) + sq((y - ivcY) / ivcRy) < 1) return Tissue.IVC;
		for (double[] s : veins) {
			if (inSegment(s, x, y, z)) return Tissue.IVC;
		}
		return null;
	}

	private double dome(double x, double y) {
		double post = 0.25 * Math.max(0, y);
		double r = domeR - (sq(x - domeXR) + 0.5 * y * y) / (2 * domeRad) - post;
		double l = domeL - (sq(x - domeXL) + 0.5 * y * y) / (2 * domeRad) - post;
		return Math.max(r, l);
	}

	private Tissue thorax(int ix, int iy, int iz, double x, double y, double z) {
		if (heart.near(x, y, z) && heart.rho2(ix, iy, iz, x, y, z, q, d) < 1) return Tissue.HEART;
		if (Math.abs(x - vx) < 22 && y > vy - vay - 28) return Tissue.MEDIASTINUM;
		if (Math.abs(x - heart.cx) < 12 && y < heart.cy) return Tissue.MEDIASTINUM;
		return Tissue.LUNG;
	}

	private Tissue kidney(Blob k, int ix, int iy, int iz, double x, double y, double z, Tissue cortex, Tissue medulla, Tissue pelvis) {
		if (!k.near(x, y, z)) return null;
		double r2 = k.rho2(ix, iy, iz, x, y, z, q, d);
		if (r2 >= 1) return null;
		double u = q[0], v = q[1], w = q[2];
		// the hilum: a notch on the medial side where vessels and the pelvis leave
		if (sq((u - 1.0) / 0.42) + sq(v / 0.4) + sq(w / 0.38) < 1) return null;
		if (sq((u - 0.45) / 0.45) + sq(v / 0.3) + sq(w / 0.5) < 1) return pelvis;
		if (r2 > 0.55) return cortex;
		// pyramids around the sinus: an angular pattern (cos 4φ from a complex power, no trig)
		double a = u - 0.3, b = v + 0.4 * w;
		double n2 = a * a + b * b;
		if (n2 < 1e-9) return medulla;
		double re4 = (a * a * a * a - 6 * a * a * b * b + b * b * b * b) / (n2 * n2);
		return re4 > -0.35 ? medulla : cortex;
	}

	private boolean inLiver(int ix, int iy, int iz, double x, double y, double z) {
		boolean n1 = liver.near(x, y, z), n2 = liverLobe.near(x, y, z);
		if (!n1 && !n2) return false;
		double f1 = n1 ? liver.rho2(ix, iy, iz, x, y, z, q, d) - 1 : 10;
		double f2 = n2 ? liverLobe.rho2(ix, iy, iz, x, y, z, q, d) - 1 : 10;
		return Blob.smoothMin(f1, f2, 0.6) < 0;
	}

	private Tissue stomach(int ix, int iy, int iz, double x, double y, double z) {
		boolean n1 = stomach.near(x, y, z), n2 = antrum.near(x, y, z);
		if (!n1 && !n2) return null;
		double f1 = n1 ? stomach.rho2(ix, iy, iz, x, y, z, q, d) - 1 : 10;
		double f2 = n2 ? antrum.rho2(ix, iy, iz, x, y, z, q, d) - 1 : 10;
		double f = Blob.smoothMin(f1, f2, 0.5);
		if (f >= 0) return null;
		// the stomach stays in front of the aorta and the pancreas
		double back = aortaY - aortaR - 6;
		if (y > back) return null;
		if (y > back - stomachWall) return Tissue.STOMACH_WALL;
		// f ≈ -2·depth/size near the surface
		double depth = -f * 0.5 * Math.min(antrum.ay, stomach.ay * 0.8);
		if (depth < stomachWall) return Tissue.STOMACH_WALL;
		return y < gasLevel ? Tissue.STOMACH_GAS : Tissue.STOMACH_CONTENT;
	}

	private boolean inPancreas(int ix, int iy, int iz, double x, double y, double z) {
		double[] bx = pancreasBox;
		if (x < bx[0] || x > bx[1] || y < bx[2] || y > bx[3] || z < bx[4] || z > bx[5]) return false;
		d[0] = d[1] = d[2] = 0;
		pancreasWarp.add(ix, iy, iz, d);
		double px = x + d[0], py = y + d[1], pz = z + d[2];
		for (int i = 0; i + 1 < pancreas.length; i++) {
			double[] p = pancreas[i], n = pancreas[i + 1];
			double ex = n[0] - p[0], ey = n[1] - p[1], ez = n[2] - p[2];
			double t = clamp(((px - p[0]) * ex + (py - p[1]) * ey + (pz - p[2]) * ez) / (ex * ex + ey * ey + ez * ez), 0, 1);
			double rr = p[3] + t * (n[3] - p[3]);
			// flattened cross-section: thinner along z
			double dd = sq(px - p[0] - t * ex) + sq(py - p[1] - t * ey) + sq((pz - p[2] - t * ez) * 1.3);
			if (dd < rr * rr) return true;
		}
		return false;
	}

	private boolean psoas(double x, double y, double z) {
		if (z > psoasTop) return false;
		double r = 5 + 16 * clamp((psoasTop - z) / 70, 0, 1);
		double dx = Math.abs(x - vx) - (vax + r * 0.6);
		return sq(dx / r) + sq((y - vy - 2) / (r * 0.85)) < 1;
	}

	private static boolean inSegment(double[] s, double x, double y, double z) {
		double ex = s[3] - s[0], ey = s[4] - s[1], ez = s[5] - s[2];
		double t = clamp(((x - s[0]) * ex + (y - s[1]) * ey + (z - s[2]) * ez) / (ex * ex + ey * ey + ez * ez), 0, 1);
		return sq(x - s[0] - t * ex) + sq(y - s[1] - t * ey) + sq(z - s[2] - t * ez) < s[6] * s[6];
	}

	private static double sq(double v) {
		return v * v;
	}

	static double clamp(double v, double lo, double hi) {
		return v < lo ? lo : v > hi ? hi : v;
	}
}
