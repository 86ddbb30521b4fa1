package io.github.punetfiji.train;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Tensors;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.train.views.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Training subjects from an image folder and an optional mask folder (masks matched by identical file
 * name; an image without a mask is unlabelled and serves self-supervision only), intensity-normalised,
 * as {@link Sample}s in the tensor layout. Inputs are read, never modified.
 */
public final class TrainingData {
	private TrainingData() {}

	/** The supported image files (and DICOM folders) of a folder, sorted by name. */
	public static List<Path> list(Path dir, String flag) {
		if (dir == null) throw new PunetException("missing required flag " + flag);
		if (!Files.isDirectory(dir)) throw new PunetException(flag + ": " + dir + " is not a folder");
		try (Stream<Path> s = Files.list(dir)) {
			List<Path> files = s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Volumes::isSupported).sorted()
					.collect(Collectors.toList());
			if (files.isEmpty()) throw new PunetException(flag + ": " + dir + " holds no supported images (.nii, .nii.gz, .tif, DICOM)");
			return files;
		} catch (IOException e) {
			throw new PunetException("cannot list " + dir + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Loads every image of {@code images}, with its mask from {@code masks} (may be null).
	 *
	 * @param numClasses label values must lie in {@code [0, numClasses)}
	 */
	public static List<Sample> load(Path images, Path masks, Intensity intensity, int numClasses) {
		return load(images, masks, intensity, numClasses, "--dir_images");
	}

	/** {@link #load(Path, Path, Intensity, int)} with the images' flag named in messages (e.g. {@code --dir_images_val}). */
	static List<Sample> load(Path images, Path masks, Intensity intensity, int numClasses, String imagesFlag) {
		List<Sample> out = new ArrayList<>();
		for (Path file : list(images, imagesFlag)) {
			String name = Volumes.stem(file);
			Volume<?> image = Volumes.open(file);
			Volume<?> normalised = intensity.apply(image);
			int[] dims = Arrays.stream(image.dims()).mapToInt(Math::toIntExact).toArray();
			float[] values = Tensors.toCOrder(normalised.image());
			byte[] labels = null;
			Path mask = masks == null ? null : masks.resolve(file.getFileName());
			if (mask != null && Files.exists(mask)) {
				Volume<?> m = Volumes.open(mask);
				if (!Arrays.equals(m.dims(), image.dims())) {
					throw new PunetException("mask " + mask + " has dimensions " + Arrays.toString(m.dims()) + " but its image " + file
							+ " has " + Arrays.toString(image.dims()) + "; masks must be on the image's voxel grid");
				}
				labels = labels(Tensors.toCOrder(m.image()), numClasses, mask);
			}
			out.add(new Sample(dims, image.spacing(), values, labels == null ? new byte[values.length] : labels, name, labels != null,
					1.0));
		}
		return out;
	}

	private static byte[] labels(float[] values, int numClasses, Path mask) {
		byte[] out = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			float v = values[i];
			if (v != Math.rint(v) || v < 0 || v >= numClasses && v != Sample.UNLABELLED) {
				throw new PunetException("mask " + mask + " holds the value " + v + "; labels must be integers in [0, " + (numClasses - 1)
						+ "] (the model's out_channels is " + numClasses + "), or " + Sample.UNLABELLED + " for voxels nobody annotated");
			}
			out[i] = (byte) (int) v;
		}
		return out;
	}
}
