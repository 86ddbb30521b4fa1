package io.github.punetfiji.train;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.AtomicFiles;
import io.github.punetfiji.io.TempFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.github.punetfiji.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The output folder of one training run, held for the run's duration, so that a run cannot lose or overwrite
 * work: the CLI and the Fiji service both go through {@link Trainer}, which opens it first.
 *
 * <ul>
 *   <li>Refuses a folder that holds the {@code --ckpt} file (training would replace what it starts from), or an
 *       earlier run ({@code model.punet}, {@code best.punet}, {@code checkpoints/}, {@code losses.csv}) unless
 *       {@link TrainingOptions.Existing#OVERWRITE} (its outputs are deleted, so runs never mix) or
 *       {@link TrainingOptions.Existing#RESUME} with {@code --ckpt} one of the folder's own checkpoints.</li>
 *   <li>Holds {@value #LOCK} locked ({@link FileChannel#tryLock}): a second run into the same folder, in this or
 *       another process, is refused. The lock goes with the process, also when it is killed.</li>
 *   <li>Sweeps what killed runs left: {@code .punet-staging-*} folders and {@code *.part} files.</li>
 *   <li>Checks before training that the model and its checkpoints fit on the disk.</li>
 * </ul>
 */
final class RunFolder implements AutoCloseable {
	static final String LOCK = ".punet.lock";
	static final String CHECKPOINTS = "checkpoints";
	static final String BEST = "best.punet";
	private static final List<String> RUN_FILES = List.of("model.punet", BEST, CHECKPOINTS, "losses.csv", "losses.png");
	private static final Pattern CHECKPOINT = Pattern.compile("step_(\\d+)\\.punet");

	private final TrainingOptions options;
	private final Path dir;
	private final FileChannel channel;
	private final FileLock lock;

	private RunFolder(TrainingOptions options, Path dir, FileChannel channel, FileLock lock) {
		this.options = options;
		this.dir = dir;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Checks {@code options.out} against {@code options.ckpt} and {@code options.existing}, creates it, locks it and
	 * sweeps a killed run's temporary files.
	 *
	 * @throws PunetException when the folder cannot be used; the message names the flag that would allow it
	 */
	static RunFolder open(TrainingOptions options, Progress progress) {
		Progress l = progress == null ? Progress.NONE : progress;
		Path dir = options.out.toAbsolutePath().normalize();
		check(options, dir); // NB: before anything is created, so a refused run leaves no trace
		try {
			Files.createDirectories(dir);
		} catch (IOException e) {
			throw new PunetException("--out " + options.out + " cannot be created: " + AtomicFiles.describe(e), e);
		}
		if (!Files.isWritable(dir)) throw new PunetException("--out " + options.out + " is not writable; choose a folder you can write to");
		FileChannel ch;
		try {
			ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
		} catch (IOException e) {
			throw new PunetException("--out " + options.out + " is not writable: " + AtomicFiles.describe(e), e);
		}
		FileLock lock;
		try {
			lock = ch.tryLock();
		} catch (OverlappingFileLockException e) {
			lock = null;
		} catch (IOException e) {
			close(ch);
			throw new PunetException("cannot lock --out " + options.out + ": " + AtomicFiles.describe(e), e);
		}
		if (lock == null) {
			String holder = holder(ch);
			close(ch);
			throw new PunetException("--out " + options.out + " is in use by another PUNet training" + holder
					+ "; wait for it to finish or choose another --out");
		}
		RunFolder f = new RunFolder(options, dir, ch, lock);
		try {
			ch.truncate(0);
			ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + java.time.Instant.now() + "\n")
					.getBytes(StandardCharsets.UTF_8)), 0);
			check(options, dir); // NB: again under the lock: the folder may have changed meanwhile
			int swept = f.sweep();
			if (swept > 0) l.message("removed " + swept + " temporary file(s) left in " + options.out + " by an interrupted run");
			return f;
		} catch (IOException | RuntimeException e) {
			f.close();
			if (e instanceof RuntimeException r) throw r;
			throw new PunetException("--out " + options.out + " is not writable: " + AtomicFiles.describe((IOException) e), e);
		}
	}

	/** The rules of {@link TrainingOptions.Existing} (no side effects). */
	static void check(TrainingOptions o, Path dir) {
		Path checkpoints = dir.resolve(CHECKPOINTS);
		boolean resume = o.existing == TrainingOptions.Existing.RESUME;
		Path ckpt = o.ckpt == null ? null : real(o.ckpt);
		if (ckpt != null && ckpt.startsWith(real(dir))) {
			boolean own = ckpt.getParent().equals(real(checkpoints)) && CHECKPOINT.matcher(ckpt.getFileName().toString()).matches();
			if (!resume || !own) {
				throw new PunetException("--ckpt " + o.ckpt + " is inside --out " + o.out
						+ ": the run would replace the file it starts from; choose another --out"
						+ (own ? ", or add --resume to continue that run in its own folder" : ""));
			}
		}
		if (resume) {
			if (ckpt == null || !ckpt.startsWith(real(dir))) {
				throw new PunetException("--resume continues the run in --out " + o.out + " from one of its checkpoints: give --ckpt "
						+ o.out + "/checkpoints/step_NNNNNN.punet"
						+ (ckpt == null
								? ""
								: " (" + o.ckpt + " is not in " + o.out + "; without --resume it starts a run in a new --out)"));
			}
			return;
		}
		List<String> earlier = earlierRun(dir);
		if (!earlier.isEmpty() && o.existing == TrainingOptions.Existing.REFUSE) {
			throw new PunetException("--out " + o.out + " holds an earlier run (" + String.join(", ", earlier)
					+ "); add --overwrite to replace it (its checkpoints " + "are deleted), --resume --ckpt " + o.out
					+ "/checkpoints/step_NNNNNN.punet to continue it, or choose another --out");
		}
	}

	/** The outputs of an earlier run in {@code dir}, by name ({@code checkpoints/} with its slash). */
	static List<String> earlierRun(Path dir) {
		List<String> found = new ArrayList<>();
		for (String n : RUN_FILES) {
			Path p = dir.resolve(n);
			if (n.equals(CHECKPOINTS) ? holdsCheckpoints(p) : Files.exists(p)) found.add(n.equals(CHECKPOINTS) ? n + "/" : n);
		}
		return found;
	}

	/** Whether {@code folder} holds a checkpoint (an empty one, or one with only a killed write's {@code .part}, does not count). */
	private static boolean holdsCheckpoints(Path folder) {
		if (!Files.isDirectory(folder)) return false;
		try (Stream<Path> s = Files.list(folder)) {
			return s.anyMatch(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches());
		} catch (IOException e) {
			return true;
		}
	}

	/**
	 * Checks that {@code needed} bytes fit (counting what {@link TrainingOptions.Existing#OVERWRITE} deletes as free),
	 * then deletes an earlier run's outputs when overwriting.
	 *
	 * @param what what the bytes are for, for the message
	 */
	void prepare(long needed, String what) {
		boolean overwrite = options.existing == TrainingOptions.Existing.OVERWRITE;
		try {
			long freed = overwrite ? sizeOfEarlierRun() : 0;
			long usable = Files.getFileStore(dir).getUsableSpace();
			if (usable + freed < needed) {
				throw new PunetException("not enough free space in --out " + options.out + ": " + what + " need about " + bytes(needed)
						+ ", " + bytes(usable + freed)
						+ " are available; free some space, choose another --out, or write fewer checkpoints "
						+ "(--checkpoint_every 0: only the last)");
			}
		} catch (IOException e) {
			throw new PunetException("--out " + options.out + " is not usable: " + AtomicFiles.describe(e), e);
		}
		if (overwrite) for (String n : RUN_FILES) TempFiles.deleteTree(dir.resolve(n));
	}

	Path checkpoint(int step) {
		return dir.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT, "step_%06d.punet", step));
	}

	/** Deletes the oldest checkpoints beyond {@code keep}, never {@code protect} (the file the run started from). */
	void prune(int keep, Path protect) {
		List<Path> all = checkpoints();
		Path keepFile = protect == null ? null : real(protect);
		for (int i = 0; i < all.size() - keep; i++) {
			if (keepFile != null && real(all.get(i)).equals(keepFile)) continue;
			TempFiles.deleteTree(all.get(i));
		}
	}

	/** The folder's checkpoints, oldest step first. */
	List<Path> checkpoints() {
		try (Stream<Path> s = Files.list(dir.resolve(CHECKPOINTS))) {
			return s.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
					.sorted(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().replaceAll("\\D", ""))))
					.toList();
		} catch (IOException e) {
			return List.of();
		}
	}

	/** Removes {@code .punet-staging-*} folders and {@code *.part} files in the folder and in {@code checkpoints/}. */
	private int sweep() {
		int n = 0;
		for (Path d : new Path[] {dir, dir.resolve(CHECKPOINTS)}) {
			if (!Files.isDirectory(d)) continue;
			try (Stream<Path> s = Files.list(d)) {
				for (Path p : s.toList()) {
					String name = p.getFileName().toString();
					if (name.startsWith(TempFiles.STAGING_PREFIX) && Files.isDirectory(p)
							|| name.endsWith(".part") && Files.isRegularFile(p)) {
						TempFiles.deleteTree(p);
						n++;
					}
				}
			} catch (IOException e) {
				// best effort
			}
		}
		return n;
	}

	private long sizeOfEarlierRun() throws IOException {
		long n = 0;
		for (String name : RUN_FILES) {
			Path p = dir.resolve(name);
			if (!Files.exists(p)) continue;
			try (Stream<Path> s = Files.walk(p)) {
				for (Path q : s.toList()) if (Files.isRegularFile(q)) n += Files.size(q);
			}
		}
		return n;
	}

	/** Releases the lock. NB: the lock file stays: deleting it would let a waiting process lock a file nobody else sees. */
	@Override
	public void close() {
		try {
			if (lock.isValid()) lock.release();
		} catch (IOException e) {
			// the channel's close releases it too
		}
		close(channel);
	}

	private static void close(FileChannel ch) {
		try {
			ch.close();
		} catch (IOException e) {
			// nothing left to do
		}
	}

	private static String holder(FileChannel ch) {
		try {
			ByteBuffer b = ByteBuffer.allocate(200);
			int n = ch.read(b, 0);
			String s = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).trim();
			return s.isEmpty() ? "" : " (" + s + ")";
		} catch (IOException e) {
			return "";
		}
	}

	/** The real path when it exists (symbolic links resolved), else the normalised absolute path. */
	static Path real(Path p) {
		Path abs = p.toAbsolutePath().normalize();
		try {
			return abs.toRealPath();
		} catch (IOException e) {
			Path parent = abs.getParent();
			return parent == null || parent.equals(abs) ? abs : real(parent).resolve(abs.getFileName());
		}
	}

	static String bytes(long n) {
		if (n >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
		if (n >= 1L << 20) return String.format(Locale.ROOT, "%.0f MB", n / (double) (1L << 20));
		return String.format(Locale.ROOT, "%.0f kB", Math.max(1, n / 1024.0));
	}
}
