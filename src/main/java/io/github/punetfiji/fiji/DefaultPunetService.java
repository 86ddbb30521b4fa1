package io.github.punetfiji.fiji;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.EvaluateRequest;
import io.github.punetfiji.api.EvaluationResult;
import io.github.punetfiji.api.ImageInfo;
import io.github.punetfiji.Progress;
import io.github.punetfiji.api.PromptTuneRequest;
import io.github.punetfiji.api.Punet;
import io.github.punetfiji.api.SegmentFolderRequest;
import io.github.punetfiji.api.SegmentFolderResult;
import io.github.punetfiji.api.SampleDataRequest;
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
import java.nio.file.Path;
import java.util.Arrays;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * The PUNet operations as a SciJava service: each is one call into the front door {@link Punet}, the same the
 * command line calls. It needs no other service ({@code new DefaultPunetService()} works without a SciJava context).
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
		return Punet.info(file);
	}

	@Override
	public String systemCheck() {
		return Punet.systemCheck();
	}

	/**
	 * Prepares the native runtime's settings before anything loads libtorch ({@link Punet#prepareRuntime}: huge
	 * pages, passive OpenMP waits), and sends the one-line notes (a capped instruction set, an assumed voxel
	 * size) to ImageJ's Log window when there is one.
	 */
	@Override
	public void initialize() {
		try {
			Punet.prepareRuntime(); // NB: the native defaults go into the environment before libtorch loads
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
		return Punet.sampleData(new SampleDataRequest(out, subjects, seed, dims), progress);
	}

	@Override
	public SegmentResult segment(SegmentRequest request, Progress progress) {
		return Punet.segment(request, progress);
	}

	@Override
	public SegmentFolderResult segmentFolder(SegmentFolderRequest request, Progress progress) {
		return Punet.segmentFolder(request, progress);
	}

	@Override
	public TrainResult train(TrainRequest request, Progress progress) {
		return Punet.pretrain(request, progress);
	}

	@Override
	public TrainResult promptTune(PromptTuneRequest request, Progress progress) {
		return Punet.promptTune(request, progress);
	}

	@Override
	public io.github.punetfiji.api.AnnotationTuneResult promptTuneAnnotations(io.github.punetfiji.api.AnnotationTuneRequest request,
			Progress progress) {
		return Punet.promptTuneAnnotations(request, progress);
	}

	@Override
	public SimilarityResult similarity(SimilarityRequest request, Progress progress) {
		return Punet.similarity(request, progress);
	}

	@Override
	public io.github.punetfiji.api.SimilaritySession openSimilarity(Path model, io.github.punetfiji.api.Compute compute) {
		return Punet.openSimilarity(model, compute);
	}

	@Override
	public EvaluationResult evaluate(EvaluateRequest request, Progress progress) {
		return Punet.evaluate(request, progress);
	}
}
