package io.github.punetfiji.infer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.model.PunetConfig;
import io.github.punetfiji.model.PunetNetwork;
import java.util.Random;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.ShortType;

/** Seeded tiny networks and volumes for the inference tests. */
final class TinyModels {
	private TinyModels() {}

	/** The {@code tiny} 2D preset (window 32×32×1, 4 classes, one foreground class per pass). */
	static PunetConfig tiny2d() {
		return PunetConfig.preset("tiny");
	}

	/** A tiny 3D network: window 32×32×4, 4 classes. */
	static PunetConfig tiny3d() {
		return PunetConfig.preset("tiny")
				.with("patch_size_students", java.util.List.of(java.util.List.of(32L, 32L, 4L), java.util.List.of(32L, 32L, 4L)))
				.with("patch_size_teacher", new int[] {32, 32, 4}).with("attn_window_size", new int[] {4, 4, 2}).validate();
	}

	/** A randomly initialised network (seeded) in {@code m}, as an inference model with CT normalisation. */
	static InferenceModel model(PunetConfig c, NDManager m, int seed) {
		Engine.getInstance().setRandomSeed(seed);
		PunetNetwork net = new PunetNetwork(c);
		net.initializeParameters(m);
		return InferenceModel.of(net, m, Intensity.CT);
	}

	/** A seeded int16 "CT" with values in [-1200, 1200], LPS geometry, spacing 0.8 × 0.9 × 2.5. */
	static Volume<ShortType> ct(long nx, long ny, long nz, long seed) {
		Random r = new Random(seed);
		ArrayImg<ShortType, ?> img = ArrayImgs.shorts(nx, ny, nz);
		int i = 0;
		for (ShortType t : img) {
			long x = i % nx, y = (i / nx) % ny;
			t.set((short) (Math.sin(x * 0.3) * 600 + Math.cos(y * 0.2) * 400 + r.nextInt(400) - 200));
			i++;
		}
		float[][] srow = {{-0.8f, 0, 0, 10}, {0, -0.9f, 0, 20}, {0, 0, 2.5f, -30}};
		NiftiGeometry g = new NiftiGeometry(3, 1, 1, new float[] {0, 0, 1}, new float[] {10, 20, -30}, srow, 2, 1f);
		return new Volume<>(img, new double[] {0.8, 0.9, 2.5}, "case" + seed, "case" + seed, g);
	}
}
