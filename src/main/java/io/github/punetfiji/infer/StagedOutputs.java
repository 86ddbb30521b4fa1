package io.github.punetfiji.infer;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Output files of a whole run, written into a hidden staging folder inside the output folder and
 * renamed into place only by {@link #commit()}: a failed or cancelled run ({@link #close()} without
 * commit) leaves no output at all, and earlier outputs of the same names stay untouched until then.
 */
public final class StagedOutputs implements AutoCloseable {
	private final Path out;
	private final Path staging;
	private final List<String> names = new ArrayList<>();
	private boolean committed;

	/** Creates {@code out} if missing, and the staging folder inside it. */
	public StagedOutputs(Path out) {
		this.out = out;
		try {
			Files.createDirectories(out);
			staging = Files.createTempDirectory(out, io.github.punetfiji.io.TempFiles.STAGING_PREFIX);
			io.github.punetfiji.io.TempFiles.track(staging); // NB: removed at exit too (a second Ctrl-C, kill)
		} catch (IOException e) {
			throw new PunetException("cannot create the output folder " + out + ": " + AtomicFiles.describe(e), e);
		}
	}

	/** Stages a volume as {@code name} (NIfTI or TIFF by extension). */
	public void save(Volume<?> v, String name) {
		Volumes.save(v, stage(name));
	}

	/** Stages a file written by {@code writer}. */
	public void write(String name, AtomicFiles.Writer writer) {
		AtomicFiles.write(stage(name), writer);
	}

	private Path stage(String name) {
		if (committed) throw new IllegalStateException("already committed");
		if (names.contains(name)) throw new PunetException("two outputs would both be named " + name + "; rename one of the inputs");
		names.add(name);
		return staging.resolve(name);
	}

	/** The staged file names, in order. */
	public List<String> names() {
		return List.copyOf(names);
	}

	/** Moves every staged file into the output folder (replacing files of the same names). */
	public void commit() {
		try {
			for (String n : names) {
				try {
					Files.move(staging.resolve(n), out.resolve(n), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				} catch (java.nio.file.AtomicMoveNotSupportedException e) {
					Files.move(staging.resolve(n), out.resolve(n), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			committed = true;
		} catch (IOException e) {
			throw new PunetException("cannot move the outputs into " + out + ": " + AtomicFiles.describe(e), e);
		} finally {
			close();
		}
	}

	/** Deletes the staging folder with whatever is left in it. */
	@Override
	public void close() {
		io.github.punetfiji.io.TempFiles.deleteTree(staging);
		io.github.punetfiji.io.TempFiles.release(staging);
	}
}
