package io.github.punetfiji.api;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.file.ModelMetadata;
import io.github.punetfiji.model.file.PunetModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/** A tiny frozen body and a small synthetic CT with a sparse annotation, for the annotate → prompt-tune tests. */
public final class AnnotatedVolumes {
	/** The class the tests learn: the liver of the sample data (large on every slice), not a base class of {@link #body}. */
	public static final int CLASS = 1;

	private AnnotatedVolumes() {}

	/** A randomly initialised {@code tiny} body with 9 classes, of which {@code base} are its base classes. */
	public static Path body(Path file, long... base) {
		List<Object> b = new ArrayList<>();
		for (long k : base) b.add(k);
		try (NDManager m = NDManager.newBaseManager()) {
			PunetConfig c =
					PunetConfig.preset("tiny").with("out_channels", 9).with("instruction_pool_size", 10).with("label_indices_base", b);
			PunetModel.create(ModelMetadata.of(c.validate()), m).save(file);
		}
		return file;
	}

	/** The default body: base classes 2 and 3. */
	public static Path body(Path file) {
		return body(file, 2, 3);
	}

	/** One synthetic subject of 40×40×6 voxels: {image, labels}. */
	public static Volume<?>[] subject(Path dir) {
		SampleData.write(dir, 1, 3, new int[] {40, 40, 6}, "test", 1);
		return new Volume<?>[] {Nifti.read(dir.resolve("images/synth_000.nii.gz")), Nifti.read(dir.resolve("labels/synth_000.nii.gz"))};
	}

	/** The annotation of {@code value} in {@code labels} on {@code slices} (z from 0): 1 inside, 0 outside, 255 on other slices. */
	@SuppressWarnings("unchecked")
	public static Volume<UnsignedByteType> annotation(Volume<?> labels, int value, int... slices) {
		ArrayImg<UnsignedByteType, ?> a = ArrayImgs.unsignedBytes(labels.dims());
		Cursor<? extends RealType<?>> in =
				Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) labels.image()).localizingCursor();
		for (UnsignedByteType t : Views.flatIterable(a)) {
			double v = in.next().getRealDouble();
			boolean annotated = false;
			for (int z : slices) annotated |= z == in.getIntPosition(2);
			t.set(!annotated ? 255 : v == value ? 1 : 0);
		}
		return new Volume<>(a, labels.spacing(), "annotation");
	}
}
