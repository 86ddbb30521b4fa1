package io.github.punetfiji.model.runtime;

import ai.djl.Device;
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
		int gpus = TorchRuntime.engine().getGpuCount(); // NB: loads the engine and runs the kernel self-check, whatever the choice
		if (c.equals("cpu")) return Device.cpu();
		if (c.equals("gpu") && gpus == 0) throw new PunetException(noGpu(TorchRuntime.localLibtorch()));
		return gpus > 0 ? Device.gpu() : Device.cpu();
	}

	/** Why {@code gpu} is refused, and what to do, given the local libtorch folder in use (null: the bundled one). */
	static String noGpu(java.nio.file.Path localLibtorch) {
		if (localLibtorch == null) {
			return "device gpu: no GPU is visible to the PyTorch engine: the bundled libtorch is the CPU build. For a GPU, set "
					+ TorchRuntime.LIBRARY_PATH + " to the lib folder of a CUDA build of libtorch " + TorchRuntime.bridgeVersion()
					+ " (e.g. pip install torch==" + TorchRuntime.bridgeVersion() + " --index-url https://download.pytorch.org/whl/"
					+ TorchRuntime.CUDA_FLAVOR + ", then its site-packages/torch/lib); otherwise choose cpu or auto";
		}
		if (TorchRuntime.inferFlavor(localLibtorch).equals("cpu")) {
			return "device gpu: the libtorch in " + localLibtorch + " is a CPU build (it has no " + System.mapLibraryName("torch_cuda")
					+ "); point " + TorchRuntime.LIBRARY_PATH + " at a CUDA build of libtorch " + TorchRuntime.bridgeVersion()
					+ ", or choose cpu or auto";
		}
		return "device gpu: the CUDA libtorch in " + localLibtorch
				+ " sees no GPU: check the NVIDIA driver (nvidia-smi) and CUDA_VISIBLE_DEVICES, " + "or choose cpu or auto";
	}

	/** Sets the engine's intra-op CPU threads; 0 leaves the engine's choice. */
	public static void threads(int n) {
		if (n <= 0) return; // NB: the count is checked where it enters (api.Compute)
		TorchRuntime.engine(); // NB: the native library must be loaded before its thread count can be set
		ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
	}

	/** {@code gpu} or {@code cpu}, as the summaries report it. */
	public static String label(Device d) {
		return d.isGpu() ? "gpu" : "cpu";
	}
}
