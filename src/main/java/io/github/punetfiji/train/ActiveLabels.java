package io.github.punetfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The active classes of each batch element: the reference's {@code label_indices} / {@code
 * label_indices_active}, a 0/1 matrix {@code [B, C]} over all C classes (background is class 0). The
 * network predicts one channel per active class, in ascending class order, so channel 0 is the
 * background whenever class 0 is active (it always is in training). Immutable.
 */
public final class ActiveLabels {
	private final boolean[][] active; // [B][C]

	private ActiveLabels(boolean[][] active) {
		if (active.length == 0) throw new IllegalArgumentException("ActiveLabels: empty batch");
		int c = active[0].length;
		if (c == 0) throw new IllegalArgumentException("ActiveLabels: no classes");
		this.active = new boolean[active.length][];
		for (int b = 0; b < active.length; b++) {
			if (active[b].length != c) {
				throw new IllegalArgumentException(
						"ActiveLabels: batch element " + b + " has " + active[b].length + " classes, expected " + c);
			}
			this.active[b] = active[b].clone();
		}
	}

	/** From a 0/1 mask {@code [B][C]}. */
	public static ActiveLabels of(boolean[][] active) {
		return new ActiveLabels(active);
	}

	/** From a 0/1 matrix {@code [B][C]} (any non-zero value counts as active). */
	public static ActiveLabels of(long[][] zeroOne) {
		boolean[][] a = new boolean[zeroOne.length][];
		for (int b = 0; b < zeroOne.length; b++) {
			a[b] = new boolean[zeroOne[b].length];
			for (int c = 0; c < zeroOne[b].length; c++) a[b][c] = zeroOne[b][c] != 0;
		}
		return new ActiveLabels(a);
	}

	/** The same class set for every batch element: background plus {@code foreground}. */
	public static ActiveLabels same(int batchSize, int numClasses, int... foreground) {
		boolean[][] a = new boolean[batchSize][numClasses];
		for (boolean[] row : a) {
			row[0] = true;
			for (int c : foreground) {
				if (c <= 0 || c >= numClasses) {
					throw new IllegalArgumentException("foreground class " + c + " is outside 1.." + (numClasses - 1));
				}
				row[c] = true;
			}
		}
		return new ActiveLabels(a);
	}

	/** From an integer NDArray {@code [B, C]} of zeros and ones. */
	public static ActiveLabels fromNDArray(NDArray zeroOne) {
		Shape s = zeroOne.getShape();
		if (s.dimension() != 2) throw new IllegalArgumentException("label indices must be [B, C], got " + s);
		long[] v = zeroOne.toType(DataType.INT64, false).toLongArray();
		int nb = (int) s.get(0), nc = (int) s.get(1);
		long[][] m = new long[nb][nc];
		for (int b = 0; b < nb; b++) System.arraycopy(v, b * nc, m[b], 0, nc);
		return of(m);
	}

	/** As an int64 NDArray {@code [B, C]} of zeros and ones (the network's {@code label_indices}). */
	public NDArray toNDArray(NDManager manager) {
		long[] v = new long[batchSize() * numClasses()];
		for (int b = 0; b < batchSize(); b++) {
			for (int c = 0; c < numClasses(); c++) v[b * numClasses() + c] = active[b][c] ? 1 : 0;
		}
		return manager.create(v, new Shape(batchSize(), numClasses()));
	}

	public int batchSize() {
		return active.length;
	}

	/** C, the number of classes (background included). */
	public int numClasses() {
		return active[0].length;
	}

	public boolean isActive(int batch, int cls) {
		return active[batch][cls];
	}

	/** The active classes of one batch element, ascending (= the order of the predicted channels). */
	public int[] classes(int batch) {
		int[] out = new int[count(batch)];
		int n = 0;
		for (int c = 0; c < numClasses(); c++) if (active[batch][c]) out[n++] = c;
		return out;
	}

	/** K of one batch element: how many channels the network predicts for it. */
	public int count(int batch) {
		int n = 0;
		for (boolean a : active[batch]) if (a) n++;
		return n;
	}

	/**
	 * The downstream selection of {@code instruction_model.py}: classes that are active and not frozen;
	 * background is never frozen here (predictions and targets always need one).
	 *
	 * @param frozen {@code [C]}, true for a frozen class
	 */
	public ActiveLabels withoutFrozen(boolean[] frozen) {
		if (frozen.length != numClasses()) {
			throw new IllegalArgumentException("frozen mask has " + frozen.length + " classes, expected " + numClasses());
		}
		boolean[][] a = new boolean[batchSize()][numClasses()];
		for (int b = 0; b < batchSize(); b++) {
			for (int c = 0; c < numClasses(); c++) a[b][c] = active[b][c] && (c == 0 || !frozen[c]);
		}
		return new ActiveLabels(a);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ActiveLabels && Arrays.deepEquals(active, ((ActiveLabels) o).active);
	}

	@Override
	public int hashCode() {
		return Arrays.deepHashCode(active);
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder("ActiveLabels[");
		for (int b = 0; b < batchSize(); b++) sb.append(b == 0 ? "" : ", ").append(Arrays.toString(classes(b)));
		return sb.append(']').toString();
	}
}
