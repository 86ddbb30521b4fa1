package io.github.punetfiji.train;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** A child process for {@link RunFolderTest}: locks the file named by its argument until its standard input closes. */
public final class LockHolder {
	private LockHolder() {}

	public static void main(String[] args) throws Exception {
		try (FileChannel ch = FileChannel.open(Paths.get(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock = ch.lock()) {
			System.out.println("locked");
			System.out.flush();
			System.in.read();
		}
	}
}
