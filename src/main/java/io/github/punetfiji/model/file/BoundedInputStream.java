package io.github.punetfiji.model.file;

import io.github.punetfiji.model.file.ModelFile;
import io.github.punetfiji.model.file.BoundedInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails once they pass a bound, whatever sizes a zip entry
 * declares: the guard against zip bombs in {@link ModelFile}.
 */
final class BoundedInputStream extends FilterInputStream {
	private final long limit;
	private final String what;
	private long count;

	BoundedInputStream(InputStream in, long limit, String what) {
		super(in);
		this.limit = limit;
		this.what = what;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) add(1);
		return b;
	}

	@Override
	public int read(byte[] buf, int off, int len) throws IOException {
		int n = super.read(buf, off, len);
		if (n > 0) add(n);
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		long s = super.skip(n);
		add(s);
		return s;
	}

	private void add(long n) {
		count += n;
		if (count > limit) throw ModelFile.tooLarge(what, limit);
	}

	@Override
	public boolean markSupported() {
		return false;
	}
}
