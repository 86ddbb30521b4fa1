package io.github.punetfiji.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Temporary files and folders that must not outlive the process: {@code .part} files of atomic writes and
 * staging folders. They are deleted by a shutdown hook, so a JVM that exits while writing (a second Ctrl-C,
 * {@code kill}) leaves none behind. Once the hook has started no new temporary file can be created, so a writer
 * thread that is still running cannot recreate what the hook removed.
 *
 * <p>New files are created without explicit permissions: the process's umask applies (0644 under umask 022),
 * not {@link Files#createTempFile}'s 0600, so a renamed output is as readable as any file the user creates.
 */
public final class TempFiles {
	/** The name prefix of staging folders ({@code StagedOutputs}); a killed run's are swept by the next training in the folder. */
	public static final String STAGING_PREFIX = ".punet-staging-";

	private static final TempFiles PROCESS = new TempFiles(true);

	private final boolean hook;
	private final Set<Path> live = new LinkedHashSet<>();
	private boolean exiting;
	private boolean hooked;

	TempFiles(boolean hook) {
		this.hook = hook;
	}

	/**
	 * Creates an empty file {@code .<name>.<random>.part} beside {@code target} (and the missing folders above it),
	 * tracked until {@link #release}.
	 *
	 * @throws IOException if it cannot be created, or the process is exiting
	 */
	public static Path createPart(Path target) throws IOException {
		return PROCESS.newPart(target);
	}

	/** Tracks a temporary file or folder created elsewhere (deleted with its content at exit unless released). */
	public static void track(Path p) throws IOException {
		PROCESS.add(p);
	}

	/** Stops tracking {@code p} (renamed into place, or deleted). */
	public static void release(Path p) {
		PROCESS.remove(p);
	}

	Path newPart(Path target) throws IOException {
		Path abs = target.toAbsolutePath();
		Path dir = abs.getParent();
		synchronized (this) {
			if (exiting) throw new IOException("the process is exiting; " + target + " was not written");
			Files.createDirectories(dir);
			for (int attempt = 0;; attempt++) {
				Path tmp = dir.resolve(
						"." + abs.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
				try {
					Files.createFile(tmp); // NB: no attributes: the umask decides the permissions
					add(tmp);
					return tmp;
				} catch (FileAlreadyExistsException e) {
					if (attempt > 100) throw e;
				}
			}
		}
	}

	synchronized void add(Path p) throws IOException {
		if (exiting) throw new IOException("the process is exiting; " + p + " was not created");
		live.add(p.toAbsolutePath());
		if (hook && !hooked) {
			hooked = true;
			Runtime.getRuntime().addShutdownHook(new Thread(this::deleteAll, "punet-temp-files"));
		}
	}

	synchronized void remove(Path p) {
		live.remove(p.toAbsolutePath());
	}

	/** Deletes every tracked file and folder; afterwards nothing new can be created. */
	void deleteAll() {
		List<Path> all;
		synchronized (this) {
			exiting = true;
			all = new ArrayList<>(live);
			live.clear();
		}
		for (Path p : all) deleteTree(p);
	}

	/** Deletes a file, or a folder with its content; best effort. */
	public static void deleteTree(Path p) {
		if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
		try (Stream<Path> s = Files.walk(p)) {
			for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
		} catch (IOException | java.io.UncheckedIOException e) {
			// best effort: what is left is hidden and named as temporary
		}
	}
}
