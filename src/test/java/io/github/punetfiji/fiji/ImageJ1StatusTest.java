package io.github.punetfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import java.awt.GraphicsEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With ImageJ 1's window up, progress shows on ImageJ's own status line (where plain ImageJ users look), not only on
 * SciJava's status. In a child JVM: ImageJ's window must not leak into the other tests. Needs a display (Xvfb).
 */
@Tag("macro")
@Timeout(120)
class ImageJ1StatusTest {
	@Test
	void progressReachesImageJsStatusLine() throws Exception {
		assumeTrue(!GraphicsEnvironment.isHeadless() && (System.getenv("DISPLAY") != null || !IJ.isLinux()),
				"no display (run under xvfb-run)");
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Process p = new ProcessBuilder(List.of(java, "-Djava.awt.headless=false", "-cp", cp, ImageJ1StatusProbe.class.getName()))
				.redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("status: Pre-train: step 3/10, loss 0.4000, 12 s left"), out);
	}
}
