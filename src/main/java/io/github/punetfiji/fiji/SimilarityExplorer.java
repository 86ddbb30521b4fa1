package io.github.punetfiji.fiji;

import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine of the live similarity map, free of ImageJ: points arrive at any rate ({@link #request}, e.g. from mouse
 * drags on the AWT event thread, which it never blocks); one background thread computes a map at a time, always for the
 * latest point asked for (points asked for while it computes are coalesced: only the last is computed), and hands each map
 * to {@code show}. {@link #close} stops it: nothing more is computed or shown, and the resources (the loaded model) are
 * closed once the map in progress, if any, has finished.
 *
 * @param <R> a computed map
 */
final class SimilarityExplorer<R> implements AutoCloseable {
	private final Function<int[], R> compute;
	private final BiConsumer<int[], R> show;
	private final Consumer<String> onError;
	private final AutoCloseable resources;
	private final Object lock = new Object();
	private final ClassLoader loader;
	private int[] pending;
	private boolean running;
	private boolean stopped;
	private boolean released;

	/**
	 * @param compute the map of a point (x, y, z from 0), run on the explorer's thread; a {@link PunetException} is a message
	 *        for {@code onError}, the explorer goes on
	 * @param show receives the point and its map, on the explorer's thread, unless stopped meanwhile
	 * @param onError receives the message of a map that failed
	 * @param resources closed once stopped and idle
	 */
	SimilarityExplorer(Function<int[], R> compute, BiConsumer<int[], R> show, Consumer<String> onError, AutoCloseable resources) {
		this.compute = compute;
		this.show = show;
		this.onError = onError;
		this.resources = resources;
		this.loader = Thread.currentThread().getContextClassLoader();
	}

	/** Asks for the map at {@code point}; replaces a point asked for earlier and not yet started. Ignored once stopped. */
	void request(int[] point) {
		synchronized (lock) {
			if (stopped) return;
			pending = point.clone();
			if (running) return;
			running = true;
		}
		Thread t = new Thread(this::drain, "PUNet similarity explorer");
		t.setDaemon(true);
		t.setContextClassLoader(loader); // NB: the engine finds itself through the context class loader (PunetCommand)
		t.start();
	}

	/** Whether {@link #close} was called. */
	boolean isStopped() {
		synchronized (lock) {
			return stopped;
		}
	}

	/** Whether a map is being computed or waits to be. */
	boolean isBusy() {
		synchronized (lock) {
			return running;
		}
	}

	/** Stops: no more maps; the resources are closed now, or when the map in progress ends. Never blocks on a map. */
	@Override
	public void close() {
		synchronized (lock) {
			if (stopped) return;
			stopped = true;
			pending = null;
			if (running) return; // NB: the computing thread releases them when it ends
		}
		release();
	}

	private void drain() {
		while (true) {
			int[] point;
			synchronized (lock) {
				if (stopped) break; // NB: still running: close() left the release to this thread
				if (pending == null) {
					running = false;
					lock.notifyAll();
					return;
				}
				point = pending;
				pending = null;
			}
			try {
				R map = compute.apply(point);
				synchronized (lock) {
					if (stopped) continue;
				}
				show.accept(point, map);
			} catch (PunetException e) {
				onError.accept(e.getMessage());
			} catch (CancelledException e) {
				// NB: a stop during a map: the loop ends at the next turn
			} catch (RuntimeException | LinkageError | AssertionError e) {
				onError.accept(e.toString()); // NB: a bug; said, not thrown on a thread nobody reads, and the explorer goes on
			}
		}
		release();
		synchronized (lock) {
			running = false; // NB: only now, so that an idle explorer that was stopped has freed its resources
			lock.notifyAll();
		}
	}

	private void release() {
		synchronized (lock) {
			if (released) return;
			released = true;
		}
		try {
			resources.close();
		} catch (Exception e) {
			onError.accept("could not free the similarity model: " + e);
		}
	}

	/** Waits up to {@code millis} until no map is computed or waiting (and, once stopped, the resources are freed); true if so. */
	boolean awaitIdle(long millis) throws InterruptedException {
		long end = System.currentTimeMillis() + millis;
		synchronized (lock) {
			while (running) {
				long left = end - System.currentTimeMillis();
				if (left <= 0) return false;
				lock.wait(left);
			}
			return true;
		}
	}
}
