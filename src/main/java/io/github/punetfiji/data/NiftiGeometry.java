package io.github.punetfiji.data;

import java.util.Arrays;

/**
 * The orientation fields of a NIfTI-1 header, kept verbatim (as the float32 values of the file) so
 * that an output can be written in exactly the space of its input: {@code qform_code},
 * {@code sform_code}, {@code quatern_b/c/d}, {@code qoffset_x/y/z}, {@code srow_x/y/z},
 * {@code xyzt_units}, {@code pixdim[0]} (qfac), and the header's {@code dim[0]} (2 or 3). The voxel
 * spacing itself ({@code pixdim[1..3]}) lives in {@link Volume}, in millimetres. Immutable.
 *
 * <p>Images that did not come from NIfTI get {@link #UNKNOWN}: both transform codes 0, millimetre
 * units, so a NIfTI reader falls back to the spacing alone.
 */
public final class NiftiGeometry {
	/** No orientation known: {@code qform_code = sform_code = 0}, units mm, qfac 1, 3 dims. */
	public static final NiftiGeometry UNKNOWN = new NiftiGeometry(3, 0, 0, new float[3], new float[3],
			new float[][] {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}, 2, 1f);

	private final int ndim;
	private final int qformCode;
	private final int sformCode;
	private final float[] quatern; // b, c, d
	private final float[] qoffset; // x, y, z
	private final float[][] srow; // 3 rows of 4
	private final int xyztUnits;
	private final float qfac;

	/**
	 * @param ndim the header's {@code dim[0]}, 2 or 3
	 * @param quatern {@code quatern_b, quatern_c, quatern_d}
	 * @param qoffset {@code qoffset_x, qoffset_y, qoffset_z}
	 * @param srow {@code srow_x, srow_y, srow_z}, 4 values each
	 * @param qfac {@code pixdim[0]}
	 */
	public NiftiGeometry(int ndim, int qformCode, int sformCode, float[] quatern, float[] qoffset, float[][] srow, int xyztUnits,
			float qfac) {
		if (ndim != 2 && ndim != 3) throw new IllegalArgumentException("ndim must be 2 or 3, got " + ndim);
		if (quatern.length != 3 || qoffset.length != 3 || srow.length != 3) throw new IllegalArgumentException("bad geometry arrays");
		this.ndim = ndim;
		this.qformCode = qformCode;
		this.sformCode = sformCode;
		this.quatern = quatern.clone();
		this.qoffset = qoffset.clone();
		this.srow = new float[3][];
		for (int i = 0; i < 3; i++) {
			if (srow[i].length != 4) throw new IllegalArgumentException("srow rows need 4 values");
			this.srow[i] = srow[i].clone();
		}
		this.xyztUnits = xyztUnits;
		this.qfac = qfac;
	}

	public int ndim() {
		return ndim;
	}

	public int qformCode() {
		return qformCode;
	}

	public int sformCode() {
		return sformCode;
	}

	/** {@code quatern_b, quatern_c, quatern_d}. */
	public float[] quatern() {
		return quatern.clone();
	}

	/** {@code qoffset_x, qoffset_y, qoffset_z}. */
	public float[] qoffset() {
		return qoffset.clone();
	}

	/** Row {@code i} (0 = x, 1 = y, 2 = z) of the sform matrix. */
	public float[] srow(int i) {
		return srow[i].clone();
	}

	public int xyztUnits() {
		return xyztUnits;
	}

	/** {@code pixdim[0]}: the qform handedness, normally ±1. */
	public float qfac() {
		return qfac;
	}

	/**
	 * Millimetres per spatial unit of {@code xyzt_units}: metre 1000, mm 1, micron 0.001; an unknown
	 * unit (0) counts as mm.
	 */
	public double mmPerUnit() {
		switch (xyztUnits & 7) {
			case 1:
				return 1000;
			case 3:
				return 0.001;
			default:
				return 1;
		}
	}

	/** A copy with another {@code dim[0]}. */
	public NiftiGeometry withNdim(int n) {
		return new NiftiGeometry(n, qformCode, sformCode, quatern, qoffset, srow, xyztUnits, qfac);
	}

	/**
	 * The geometry of the same space sampled with voxels {@code factor[d]} times as large along axis
	 * {@code d}, voxel (0,0,0) staying in place: the sform's first three columns are scaled; the qform
	 * needs no change, as it takes the spacing from {@code pixdim}.
	 */
	public NiftiGeometry scaled(double[] factor) {
		float[][] s = new float[3][];
		for (int i = 0; i < 3; i++) {
			s[i] = srow[i].clone();
			for (int j = 0; j < 3; j++) s[i][j] = (float) (s[i][j] * factor[j]);
		}
		return new NiftiGeometry(ndim, qformCode, sformCode, quatern, qoffset, s, xyztUnits, qfac);
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof NiftiGeometry)) return false;
		NiftiGeometry g = (NiftiGeometry) o;
		return ndim == g.ndim && qformCode == g.qformCode && sformCode == g.sformCode && xyztUnits == g.xyztUnits
				&& Float.compare(qfac, g.qfac) == 0 && Arrays.equals(quatern, g.quatern) && Arrays.equals(qoffset, g.qoffset)
				&& Arrays.deepEquals(srow, g.srow);
	}

	@Override
	public int hashCode() {
		return Arrays.deepHashCode(new Object[] {ndim, qformCode, sformCode, quatern, qoffset, srow, xyztUnits, qfac});
	}

	@Override
	public String toString() {
		return "NiftiGeometry[dim0=" + ndim + ", qform=" + qformCode + ", sform=" + sformCode + ", quatern=" + Arrays.toString(quatern)
				+ ", qoffset=" + Arrays.toString(qoffset) + ", srow=" + Arrays.deepToString(srow) + ", units=" + xyztUnits + ", qfac="
				+ qfac + "]";
	}
}
