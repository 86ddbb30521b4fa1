package io.github.punetfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.punetfiji.data.Nifti;
import io.github.punetfiji.data.NiftiGeometry;
import io.github.punetfiji.data.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.ShortType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code --mode predict} in a real child process: exit status 3, and no temporary file or staging
 * folder left, whether it stops after the current window (one Ctrl-C) or at once (two).
 */
@org.junit.jupiter.api.Timeout(240)
class InterruptTest {
	@TempDir
	static Path dir;
	static Path model, images;

	@BeforeAll
	static void data() throws IOException {
		model = SegmentCommandTest.tinyModel(dir, 3);
		images = Files.createDirectories(dir.resolve("images"));
		ArrayImg<ShortType, ?> img = ArrayImgs.shorts(320, 320, 60); // minutes of windows: the run is interrupted long before the end
		int i = 0;
		for (ShortType t : img) t.set((short) ((i++ * 37) % 2000 - 1000));
		for (String name : new String[] {"a", "b"}) {
			Nifti.write(new Volume<>(img, new double[] {1, 1, 2}, name, name, NiftiGeometry.UNKNOWN), images.resolve(name + ".nii.gz"));
		}
	}

	/** Runs predict in a child, sends {@code signals} SIGINTs once it is segmenting, and checks exit status 3 and a clean folder. */
	private static void interrupted(Path out, int signals) throws Exception {
		// NB: "punet: device:" is printed after the Ctrl-C handler is installed; 1.5 s later the child is in the windows
		InterruptedChild.Outcome o = InterruptedChild.run("512m", "punet: device:", 1500, signals, "--mode", "predict", "--ckpt",
				model.toString(), "--dir_images", images.toString(), "--out", out.toString(), "--save_probabilities", "--threads", "1");
		String log = o.log();
		assertEquals(3, o.exitValue(), log);
		assertTrue(!log.contains("\tat "), log);
		if (!Files.exists(out)) return;
		try (Stream<Path> s = Files.walk(out)) {
			List<String> left = s.filter(f -> !f.equals(out)).map(f -> out.relativize(f).toString()).toList();
			assertEquals(List.of(), left, "nothing left in the output folder; log:\n" + log);
		}
	}

	@Test
	void oneCtrlCStopsAfterTheCurrentWindowWithStatus3() throws Exception {
		interrupted(dir.resolve("once"), 1);
	}

	@Test
	void aSecondCtrlCStopsAtOnceWithStatus3AndLeavesNoPartFile() throws Exception {
		interrupted(dir.resolve("twice"), 2);
	}
}
