package io.github.punetfiji.data.synth;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import net.imglib2.img.array.ArrayImgs;

/**
 * Writes the synthetic sample data set: {@code images/<name>.nii.gz} (int16 HU),
 * {@code labels/<name>.nii.gz} (uint8, same names), {@code labels.json} (class names by label value and
 * the intensity normalisation {@code "ct"}) and a {@code README.md} with the command that made it and
 * the measured mean HU per class. Subjects are generated in parallel; the output does not depend on
 * the number of threads.
 */
public final class SampleData {
	/** What was written. */
	public record Summary(Path dir, int subjects, long seed, long bytes, double[] meanHu, long[] voxels) {}

	/** The most subjects: their names have three digits ({@code api.SampleDataRequest} checks it). */
	public static final int MAX_SUBJECTS = 999;

	private SampleData() {}

	/**
	 * Generates and writes {@code subjects} subjects.
	 *
	 * @param dims grid size {nx, ny, nz} (the field of view is fixed, so this sets the spacing)
	 * @param command the command line to record in the README
	 * @param threads worker threads (at least 1)
	 * @throws PunetException if {@code dir/images} or {@code dir/labels} holds other files, or on I/O errors
	 */
	public static Summary write(Path dir, int subjects, long seed, int[] dims, String command, int threads) {
		SyntheticAbdomen generator = new SyntheticAbdomen(dims[0], dims[1], dims[2]);
		List<String> names = new ArrayList<>();
		for (int i = 0; i < subjects; i++) names.add(SyntheticAbdomen.subjectName(i) + ".nii.gz");
		refuseForeignFiles(dir.resolve("images"), names);
		refuseForeignFiles(dir.resolve("labels"), names);

		int classes = SyntheticAbdomen.CLASS_NAMES.size();
		double[] sum = new double[classes];
		long[] count = new long[classes];
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, subjects)));
		try {
			List<Future<SyntheticSubject>> jobs = new ArrayList<>();
			for (int i = 0; i < subjects; i++) {
				int index = i;
				jobs.add(pool.submit(() -> {
					SyntheticSubject s = generator.generate(seed, index);
					Nifti.write(image(s), dir.resolve("images").resolve(s.name() + ".nii.gz"));
					Nifti.write(labels(s), dir.resolve("labels").resolve(s.name() + ".nii.gz"));
					return s;
				}));
			}
			for (Future<SyntheticSubject> job : jobs) {
				SyntheticSubject s = job.get();
				for (int v = 0; v < s.ct().length; v++) {
					sum[s.labels()[v]] += s.ct()[v];
					count[s.labels()[v]]++;
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new PunetException("interrupted while writing " + dir);
		} catch (java.util.concurrent.ExecutionException e) {
			if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
			throw new PunetException("cannot write " + dir + ": " + e.getCause(), e.getCause());
		} finally {
			pool.shutdownNow();
		}
		double[] mean = new double[classes];
		for (int c = 0; c < classes; c++) mean[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
		AtomicFiles.write(dir.resolve("labels.json"), out -> out.write(labelsJson().getBytes(StandardCharsets.UTF_8)));
		long bytes = size(dir.resolve("images")) + size(dir.resolve("labels")) + size(dir.resolve("labels.json"));
		Summary summary = new Summary(dir, subjects, seed, bytes, mean, count);
		String readme = readme(summary, generator, command);
		AtomicFiles.write(dir.resolve("README.md"), out -> out.write(readme.getBytes(StandardCharsets.UTF_8)));
		return summary;
	}

	/** The CT of a subject as an int16 volume in LPS orientation (see {@link #geometry}). */
	public static Volume<?> image(SyntheticSubject s) {
		int[] d = s.dims();
		return new Volume<>(ArrayImgs.shorts(s.ct(), d[0], d[1], d[2]), s.spacing(), s.name(), s.name(), geometry(s));
	}

	/** The labels of a subject as a uint8 volume in the same space as its image. */
	public static Volume<?> labels(SyntheticSubject s) {
		int[] d = s.dims();
		return new Volume<>(ArrayImgs.unsignedBytes(s.labels(), d[0], d[1], d[2]), s.spacing(), s.name(), s.name(), geometry(s));
	}

	/**
	 * Voxel axes run to the patient's left, posterior and superior (LPS, as DICOM axial CT: anterior at
	 * the top of a slice, the patient's right on the viewer's left), centred on the world origin. In the
	 * RAS world of NIfTI that is diag(-sx, -sy, sz); written as qform and sform (both "scanner").
	 */
	static NiftiGeometry geometry(SyntheticSubject s) {
		int[] d = s.dims();
		double[] sp = s.spacing();
		float ox = (float) ((d[0] - 1) * sp[0] / 2), oy = (float) ((d[1] - 1) * sp[1] / 2), oz = (float) (-(d[2] - 1) * sp[2] / 2);
		float[][] srow = {{(float) -sp[0], 0, 0, ox}, {0, (float) -sp[1], 0, oy}, {0, 0, (float) sp[2], oz}};
		// a rotation of 180° about z: quaternion (a, b, c, d) = (0, 0, 0, 1)
		return new NiftiGeometry(3, 1, 1, new float[] {0, 0, 1}, new float[] {ox, oy, oz}, srow, 2, 1f);
	}

	/** {"0": "background", "1": "liver", …, "intensity": "ct"}. */
	static String labelsJson() {
		StringBuilder b = new StringBuilder("{\n");
		List<String> names = SyntheticAbdomen.CLASS_NAMES;
		for (int c = 0; c < names.size(); c++) {
			b.append("  \"").append(c).append("\": \"").append(names.get(c)).append("\",\n");
		}
		return b.append("  \"intensity\": \"ct\"\n}\n").toString();
	}

	private static void refuseForeignFiles(Path folder, List<String> names) {
		if (!Files.isDirectory(folder)) return;
		Set<String> foreign = new TreeSet<>();
		try (Stream<Path> files = Files.list(folder)) {
			files.map(p -> p.getFileName().toString()).filter(n -> !names.contains(n) && !n.startsWith(".")).forEach(foreign::add);
		} catch (IOException e) {
			throw new PunetException("cannot list " + folder + ": " + AtomicFiles.describe(e), e);
		}
		if (!foreign.isEmpty()) {
			throw new PunetException(folder + " holds files this data set would not write (" + String.join(", ", foreign)
					+ "); choose another --out or remove them, so that images and labels stay matched");
		}
	}

	private static long size(Path p) {
		try {
			if (Files.isRegularFile(p)) return Files.size(p);
			long total = 0;
			try (Stream<Path> files = Files.list(p)) {
				for (Path f : (Iterable<Path>) files::iterator) total += Files.size(f);
			}
			return total;
		} catch (IOException e) {
			throw new PunetException("cannot read the size of " + p + ": " + AtomicFiles.describe(e), e);
		}
	}

	private static String readme(Summary s, SyntheticAbdomen g, String command) {
		String template;
		try (InputStream in = SampleData.class.getResourceAsStream("sample-data-README.md")) {
			template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException | NullPointerException e) {
			throw new IllegalStateException("the README template is missing from the build", e);
		}
		StringBuilder table = new StringBuilder("| label | class | voxels (all subjects) | mean HU |\n|---:|---|---:|---:|\n");
		for (int c = 0; c < s.meanHu().length; c++) {
			table.append(String.format(Locale.ROOT, "| %d | %s | %d | %.1f |%n", c, SyntheticAbdomen.CLASS_NAMES.get(c), s.voxels()[c],
					s.meanHu()[c]));
		}
		double[] sp = g.spacing();
		int[] d = {(int) Math.round(SyntheticAbdomen.FIELD_OF_VIEW_MM[0] / sp[0]),
				(int) Math.round(SyntheticAbdomen.FIELD_OF_VIEW_MM[1] / sp[1]),
				(int) Math.round(SyntheticAbdomen.FIELD_OF_VIEW_MM[2] / sp[2])};
		return template.replace("${command}", command).replace("${subjects}", Integer.toString(s.subjects()))
				.replace("${last}", SyntheticAbdomen.subjectName(s.subjects() - 1)).replace("${seed}", Long.toString(s.seed()))
				.replace("${dims}", d[0] + "×" + d[1] + "×" + d[2])
				.replace("${spacing}", String.format(Locale.ROOT, "%.3g×%.3g×%.3g", sp[0], sp[1], sp[2]))
				.replace("${megabytes}", String.format(Locale.ROOT, "%.1f", s.bytes() / 1e6))
				.replace("${classes}", table.toString().trim());
	}
}
