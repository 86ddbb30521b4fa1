package io.github.punetfiji.fiji;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.EvaluateRequest;
import io.github.punetfiji.api.EvaluationResult;
import io.github.punetfiji.api.ImageInfo;
import io.github.punetfiji.Progress;
import io.github.punetfiji.api.PromptTuneRequest;
import io.github.punetfiji.api.SegmentFolderRequest;
import io.github.punetfiji.api.SegmentFolderResult;
import io.github.punetfiji.api.SegmentRequest;
import io.github.punetfiji.api.SegmentResult;
import io.github.punetfiji.api.SimilarityRequest;
import io.github.punetfiji.api.SimilarityResult;
import io.github.punetfiji.api.TrainRequest;
import io.github.punetfiji.api.TrainResult;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.infer.InferenceRequests;
import io.github.punetfiji.train.TrainingRequests;
import java.nio.file.Path;
import java.util.Arrays;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * The PUNet operations: each is one call into the data layer, the training engine
 * ({@link TrainingRequests}) or the inference engine ({@link InferenceRequests}). It needs no other
 * service, so the command line can use it without a SciJava context ({@code new DefaultPunetService()}).
 */
@Plugin(type = Service.class)
public class DefaultPunetService extends AbstractService implements PunetService {

	@Override
	public Volume<?> open(Path file) {
		return Volumes.open(file);
	}

	@Override
	public void save(Volume<?> volume, Path file) {
		Volumes.save(volume, file);
	}

	@Override
	public ImageInfo info(Path file) {
		Volume<?> v = Volumes.open(file);
		double[] range = Intensity.range(v.image());
		return new ImageInfo(file.toString(), v.dims(), v.spacing(), v.type().label, range[0], range[1]);
	}

	@Override
	public String systemCheck() {
		return io.github.punetfiji.io.Json.writePretty(io.github.punetfiji.model.RuntimeFacts.describe(), 2);
	}

	/**
	 * Prepares the native runtime's settings before anything loads libtorch ({@code TorchRuntime.prepare}: huge
	 * pages, passive OpenMP waits), and sends the one-line notes (a capped instruction set, an assumed voxel
	 * size) to ImageJ's Log window when there is one.
	 */
	@Override
	public void initialize() {
		try {
			io.github.punetfiji.model.TorchRuntime.prepare(); // NB: the native defaults go into the environment before libtorch loads
		} catch (PunetException e) {
			// NB: a local libtorch that cannot work: the first command that needs the engine says so
		}
		io.github.punetfiji.io.Notes.setSink(line -> {
			System.err.println("PUNet: " + line);
			if (ij.IJ.getInstance() != null) ij.IJ.log("PUNet: " + line);
		});
	}

	@Override
	public SampleData.Summary sampleData(Path out, int subjects, long seed, int[] dims, Progress progress) {
		if (dims.length != 3 || dims[0] < 8 || dims[1] < 8 || dims[2] < 2 || (long) dims[0] * dims[1] * dims[2] > 64_000_000L) {
			throw new PunetException("dims needs three sizes x,y,z (at least 8,8,2, at most 64 million voxels), got " + Arrays.toString(dims));
		}
		progress.checkCancelled("sample data generation");
		progress.report(0, "generating " + subjects + " synthetic subjects in " + out);
		String command = "./punet sample-data --out " + out + " --subjects " + subjects + " --seed " + seed
				+ " --dims " + dims[0] + "," + dims[1] + "," + dims[2];
		// NB: SampleData.write has no progress hook; it runs all subjects in parallel, so cancel is polled around it.
		SampleData.Summary summary = SampleData.write(out, subjects, seed, dims, command, Runtime.getRuntime().availableProcessors());
		progress.report(1, "wrote " + subjects + " subjects to " + out);
		return summary;
	}

	@Override
	public SegmentResult segment(SegmentRequest request, Progress progress) {
		return InferenceRequests.segment(request, progress);
	}

	@Override
	public SegmentFolderResult segmentFolder(SegmentFolderRequest request, Progress progress) {
		return InferenceRequests.segmentFolder(request, progress);
	}

	@Override
	public TrainResult train(TrainRequest request, Progress progress) {
		return TrainingRequests.pretrain(request, progress);
	}

	@Override
	public TrainResult promptTune(PromptTuneRequest request, Progress progress) {
		return TrainingRequests.promptTune(request, progress);
	}

	@Override
	public SimilarityResult similarity(SimilarityRequest request, Progress progress) {
		return InferenceRequests.similarity(request, progress);
	}

	@Override
	public EvaluationResult evaluate(EvaluateRequest request, Progress progress) {
		return InferenceRequests.evaluate(request, progress);
	}
}
