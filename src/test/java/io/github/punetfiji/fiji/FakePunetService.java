package io.github.punetfiji.fiji;

import io.github.punetfiji.Progress;
import io.github.punetfiji.api.PromptTuneRequest;
import io.github.punetfiji.api.SegmentRequest;
import io.github.punetfiji.api.SegmentResult;
import io.github.punetfiji.api.TrainRequest;
import io.github.punetfiji.api.TrainResult;
import io.github.punetfiji.data.Volume;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A PUNet service whose engine operations are fakes: {@code segment} thresholds the image at 0 and
 * {@code train} loops, reporting progress and polling cancel, until cancelled. It records the requests,
 * so tests can check how commands turn parameters into requests. Used by naming it when building a
 * context (it is not a plugin, so it never replaces the real service elsewhere).
 */
public class FakePunetService extends DefaultPunetService {
	final AtomicReference<Object> lastRequest = new AtomicReference<>();
	final CountDownLatch trainingStarted = new CountDownLatch(1);
	volatile int trainingSteps;

	@Override
	public SegmentResult segment(SegmentRequest request, Progress progress) {
		lastRequest.set(request);
		Volume<?> image = request.image();
		long[] d = image.dims();
		byte[] labels = new byte[(int) (d[0] * d[1] * d[2])];
		float[] p = new float[labels.length];
		int i = 0;
		for (RealType<?> v : Views.flatIterable(image.image())) {
			labels[i] = (byte) (v.getRealDouble() > 0 ? 1 : 0);
			p[i++] = labels[i - 1];
		}
		progress.report(1, "done");
		Map<Integer, Volume<?>> probabilities = request.probabilities() ? Map.of(1, image.withImage(ArrayImgs.floats(p, d))) : Map.of();
		return new SegmentResult(image.withImage(ArrayImgs.unsignedBytes(labels, d)), Map.of(0, "background", 1, "liver"), probabilities,
				"cpu");
	}

	@Override
	public TrainResult promptTune(PromptTuneRequest request, Progress progress) {
		lastRequest.set(request);
		return new TrainResult(request.out().resolve("model.punet"), request.out().resolve("losses.csv"), 1, 0, 0.009, "cpu");
	}

	/** Whether {@link #train} runs until cancelled (the cancel tests) or returns at once. */
	volatile boolean trainUntilCancelled = true;

	@Override
	public TrainResult train(TrainRequest request, Progress progress) {
		lastRequest.set(request);
		if (!trainUntilCancelled)
			return new TrainResult(request.out().resolve("model.punet"), request.out().resolve("losses.csv"), 1, 0, 1, "cpu");
		trainingStarted.countDown();
		for (int step = 0; step < 100_000; step++) {
			progress.checkCancelled("training");
			progress.report(step, 100_000, "step " + step);
			trainingSteps = step + 1;
			try {
				Thread.sleep(2);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		throw new AssertionError("training was never cancelled");
	}
}
