package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.data.synth.SyntheticAbdomen;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * What to write as synthetic CT sample data ({@code ./punet sample-data}, Fiji's Generate Sample Data); checked here,
 * the one place.
 *
 * @param out the folder ({@code --out})
 * @param subjects how many subjects, 1 to {@link #MAX_SUBJECTS} ({@code --subjects})
 * @param seed the generator's seed ({@code --seed})
 * @param dims x, y, z of each subject ({@code --dims}): at least 8, 8, 2, at most 64 million voxels
 */
public record SampleDataRequest(Path out, int subjects, long seed, int[] dims) {
	/** The most subjects (their names have three digits). */
	public static final int MAX_SUBJECTS = SampleData.MAX_SUBJECTS;
	/** {@link #MAX_SUBJECTS} as text, for a dialog's {@code max}. */
	public static final String MAX_SUBJECTS_TEXT = "" + MAX_SUBJECTS;

	public SampleDataRequest {
		Objects.requireNonNull(out, "out");
		dims = dims == null ? SyntheticAbdomen.DEFAULT_DIMS.clone() : dims.clone();
		if (subjects < 1 || subjects > MAX_SUBJECTS)
			throw new PunetException("flag --subjects needs 1 to " + MAX_SUBJECTS + ", got " + subjects);
		if (dims.length != 3 || dims[0] < 8 || dims[1] < 8 || dims[2] < 2 || (long) dims[0] * dims[1] * dims[2] > 64_000_000L) {
			throw new PunetException(
					"flag --dims needs three sizes x,y,z (at least 8,8,2, at most 64 million voxels), got " + Arrays.toString(dims));
		}
	}

	@Override
	public int[] dims() {
		return dims.clone();
	}

	/** The command line that writes the same data, for the data's README ({@code --dims} only when not the default). */
	String commandLine() {
		String c = "./punet sample-data --out " + out + " --subjects " + subjects + " --seed " + seed;
		return Arrays.equals(dims, SyntheticAbdomen.DEFAULT_DIMS) ? c : c + " --dims " + dims[0] + "," + dims[1] + "," + dims[2];
	}
}
