package io.github.punetfiji.data.synth;

/**
 * One generated subject: a CT volume in Hounsfield units and its label volume, both x-fastest
 * ({@code index = x + nx * (y + ny * z)}), with the voxel spacing in mm. Arrays are not copied; a record
 * compares them by reference (use {@link java.util.Arrays#equals} to compare content).
 *
 * @param name file stem, e.g. {@code synth_000}
 * @param dims {nx, ny, nz}
 * @param spacing voxel size in mm {sx, sy, sz}
 * @param ct int16 Hounsfield units (air is exactly -1000 outside the body)
 * @param labels class index per voxel, see {@link SyntheticAbdomen#CLASS_NAMES}
 */
public record SyntheticSubject(String name, int[] dims, double[] spacing, short[] ct, byte[] labels) {
	/** The linear index of voxel (x, y, z). */
	public int index(int x, int y, int z) {
		return x + dims[0] * (y + dims[1] * z);
	}
}
