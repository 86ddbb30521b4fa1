package io.github.punetfiji.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.github.punetfiji.PunetException;
import java.util.Locale;

/**
 * The one device policy of every entry point (CLI {@code --device}, the Fiji dialogs' {@code device}):
 * {@code auto} takes the first GPU when the PyTorch engine sees one, else the CPU; {@code cpu} always the
 * CPU; {@code gpu} is refused with a message when there is none, rather than quietly running on the CPU.
 */
public final class Devices {
	private Devices() {}

	/** @param choice {@code auto}, {@code cpu} or {@code gpu} (case-insensitive); null = auto */
	public static Device resolve(String choice) {
		String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
		if (!c.matches("auto|cpu|gpu")) throw new PunetException("device '" + choice + "' is not one of auto|cpu|gpu");
		if (c.equals("cpu")) return Device.cpu();
		int gpus = Engine.getInstance().getGpuCount();
		if (c.equals("gpu") && gpus == 0) {
			throw new PunetException("device gpu: no GPU is visible to the PyTorch engine (the bundled libtorch is the CPU build; "
					+ "a CUDA build must be on the class path); choose cpu or auto");
		}
		return gpus > 0 ? Device.gpu() : Device.cpu();
	}

	/** Sets the engine's intra-op CPU threads; 0 leaves the engine's choice. */
	public static void threads(int n) {
		if (n < 0) throw new PunetException("threads must be 0 (automatic) or more, got " + n);
		if (n > 0) ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
	}

	/** {@code gpu} or {@code cpu}, as the summaries report it. */
	public static String label(Device d) {
		return d.isGpu() ? "gpu" : "cpu";
	}
}
