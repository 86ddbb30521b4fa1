package io.github.punetfiji.cli;

import static io.github.punetfiji.cli.ModelCliRefusalTest.refused;
import static io.github.punetfiji.cli.ModelCliRefusalTest.says;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mode fit} refuses to replace work: the --ckpt file, an earlier run; and its help names the flags that allow it. */
class FitRunFolderTest {
	@TempDir
	Path dir;

	@Test
	void helpNamesOverwriteAndResume() {
		ModelCliTest.Result r = ModelCliTest.cli("--mode", "fit", "--help");
		assertEquals(0, r.status());
		assertTrue(r.out().contains("--overwrite") && r.out().contains("--resume") && r.out().contains("--checkpoint_every"), r.out());
		String all = ModelCliTest.cli("--help").out();
		assertTrue(all.contains("[--overwrite | --resume]"), all);
	}

	@Test
	void aDownstreamRunIntoTheFolderOfItsCkptIsRefused() throws IOException {
		Path run = Files.createDirectories(dir.resolve("RUN"));
		Files.createDirectories(dir.resolve("images"));
		Path model = Files.write(run.resolve("model.punet"), new byte[] {7});
		for (String flag : new String[] {"--overwrite", "--resume", "--no_overwrite"}) {
			refused(null, says("--ckpt", "is inside --out " + run), "--mode", "fit", "--downstream", "--ckpt", model, "--dir_images",
					dir.resolve("images"), "--dir_masks", dir.resolve("images"), "--out", run, "--label_indices_downstream_active", "4",
					flag);
		}
		assertArrayEquals(new byte[] {7}, Files.readAllBytes(model));
	}

	@Test
	void anEarlierRunIsRefusedWithTheFlagsThatAllowIt() throws IOException {
		Path run = Files.createDirectories(dir.resolve("RUN"));
		Files.createDirectories(dir.resolve("images"));
		Files.write(run.resolve("losses.csv"), new byte[] {7});
		refused(null, says("--out " + run + " holds an earlier run (losses.csv)", "--overwrite", "--resume"), "--mode", "fit",
				"--dir_images", dir.resolve("images"), "--out", run, "--preset", "tiny");
		refused(null, says("one of --overwrite, --resume"), "--mode", "fit", "--dir_images", dir.resolve("images"), "--out", run,
				"--overwrite", "--resume");
		assertArrayEquals(new byte[] {7}, Files.readAllBytes(run.resolve("losses.csv")));
	}
}
