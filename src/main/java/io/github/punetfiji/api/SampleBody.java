package io.github.punetfiji.api;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.model.runtime.KernelGuard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The pre-trained body bundled with the plugin: a {@code small} PUNet pre-trained by this project's own {@code fit} on
 * six subjects of the synthetic sample data ({@code sample-data/body/}, where its command and losses are recorded), for
 * base classes liver, kidney_left, aorta, stomach and vertebra. It lets Segment Image, Similarity Map and Prompt-tune
 * from Annotations run right after install on the sample data (Generate Sample Data): a model field left blank means
 * this body. It knows synthetic CT only; real data needs a body pre-trained on similar images.
 */
public final class SampleBody {
	/** Where the build puts the body in the jar (the pom's resources). */
	static final String RESOURCE = "/io/github/punetfiji/sample-body/model.punet";
	/** What a dialog or a log calls it. */
	public static final String NAME = "the bundled sample body (synthetic CT)";

	private SampleBody() {}

	/**
	 * The body as a file: copied once from the plugin's jar into the cache folder ({@code PUNET_CACHE_DIR}, else
	 * {@code ~/.cache/punet}), atomically, and reused while its size matches.
	 */
	public static synchronized Path file() {
		return file(System.getenv());
	}

	static synchronized Path file(Map<String, String> env) {
		Path target = KernelGuard.cacheFile(env).resolveSibling("sample-body").resolve("model.punet");
		try (InputStream in = SampleBody.class.getResourceAsStream(RESOURCE)) {
			if (in == null) throw new PunetException("this build of PUNet has no bundled sample body; choose a .punet model");
			byte[] bytes = in.readAllBytes();
			if (Files.isRegularFile(target) && Files.size(target) == bytes.length
					&& java.util.Arrays.equals(Files.readAllBytes(target), bytes))
				return target;
			Files.createDirectories(target.getParent());
			AtomicFiles.write(target, out -> out.write(bytes));
			return target;
		} catch (IOException e) {
			throw new PunetException("could not copy " + NAME + " to " + target + ": " + AtomicFiles.describe(e));
		}
	}

	/** Whether {@code model} is the copy {@link #file()} made (its results then go to the user's folder, not the cache). */
	public static boolean is(Path model) {
		return model != null && model.toAbsolutePath().normalize().endsWith(Path.of("sample-body", "model.punet"));
	}
}
