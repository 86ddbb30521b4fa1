package io.github.punetfiji.infer;

import io.github.punetfiji.Progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.github.punetfiji.CancelledException;
import io.github.punetfiji.data.Nifti;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder runs: a cancelled run leaves no files; outputs replace earlier ones only on success. */
class FolderSegmentationTest {
	@TempDir
	Path dir;

	@Test
	void cancelLeavesNoFiles() throws IOException {
		Path images = Files.createDirectories(dir.resolve("images"));
		Nifti.write(TinyModels.ct(36, 34, 2, 1), images.resolve("a.nii.gz"));
		Nifti.write(TinyModels.ct(34, 36, 2, 2), images.resolve("b.nii.gz"));
		Path out = dir.resolve("out");
		try (NDManager m = NDManager.newBaseManager()) {
			FolderSegmentation f = new FolderSegmentation(TinyModels.model(TinyModels.tiny2d(), m, 3));
			SegmentationSettings s = SegmentationSettings.defaults().withProbabilities(true).withBatchSize(2);
			FolderSegmentation.Request r = new FolderSegmentation.Request(images, null, out, s);
			AtomicInteger polls = new AtomicInteger();
			// the first image is done (8 windows in 4 batches) when the cancel arrives during the second
			assertThrows(CancelledException.class, () -> f.run(r, Progress.cancelling(() -> polls.incrementAndGet() > 6)));
			assertEquals(List.of(), list(out));
			FolderSegmentation.Result ok = f.run(r, Progress.NONE);
			assertEquals(List.of("a_labels.nii.gz", "a_prob_0.nii.gz", "a_prob_1.nii.gz", "b_labels.nii.gz", "b_prob_0.nii.gz",
					"b_prob_1.nii.gz"), list(out));
			assertEquals(ok.files(), list(out));
		}
	}

	static List<String> list(Path d) throws IOException {
		try (Stream<Path> s = Files.list(d)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
