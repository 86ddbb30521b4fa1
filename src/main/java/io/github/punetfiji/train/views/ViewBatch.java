package io.github.punetfiji.train.views;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of views as flat arrays in the network's layout, plus NDArray factories.
 *
 * <p>Dimension letters: B batch, S students, H W D spatial (= X Y Z of {@link Sample}), N = H·W·D.
 * Images are {@code [B, 1, H, W, D]}, coordinate grids {@code [B, 3, H, W, D]} (voxel units of the
 * source volume, centred; see {@link View}), labels {@code [B, H, W, D]} (class values; all 0 for a
 * subject without labels). Element {@code b} is view {@code b} of the generator's order: subject,
 * then crop, then transform (the reference's {@code (b t)} order).
 *
 * <p>The arrays are owned by the batch and returned without copying. The NDArrays are created in the
 * caller's manager (float32 images and grids, int64 labels), so the caller decides their lifetime.
 */
public final class ViewBatch {
	private final int batch;
	private final View[] teacher;
	private final View[][] students; // [S][B]
	private final String[] frames;
	private final boolean[] annotated;

	ViewBatch(View[] teacher, View[][] students, String[] frames, boolean[] annotated) {
		this.batch = teacher.length;
		this.teacher = teacher;
		this.students = students;
		this.frames = frames;
		this.annotated = annotated;
	}

	/** B. */
	public int size() { return batch; }

	/** S. */
	public int numStudents() { return students.length; }

	/** The subject name of each element (the reference's {@code frame}). */
	public String[] frames() { return frames.clone(); }

	/** Whether each element's labels may be used by the segmentation loss (reference {@code annotated}). */
	public boolean[] annotated() {
		return annotated.clone();
	}

	/** The teacher's view of element {@code b}. */
	public View teacherView(int b) { return teacher[b]; }

	/** Student {@code s}'s view of element {@code b}. */
	public View studentView(int s, int b) { return students[s][b]; }

	/** {@code [H, W, D]} of the teacher. */
	public int[] teacherSize() { return teacher[0].dims.clone(); }

	/** {@code [H, W, D]} of student {@code s}. */
	public int[] studentSize(int s) { return students[s][0].dims.clone(); }

	/** {@code [B, 1, H, W, D]} as a flat array. */
	public float[] teacherImages() { return images(teacher); }

	public float[] studentImages(int s) { return images(students[s]); }

	/** {@code [B, 3, H, W, D]} as a flat array. */
	public float[] teacherGrids() { return grids(teacher); }

	public float[] studentGrids(int s) { return grids(students[s]); }

	/** {@code [B, H, W, D]} as a flat array. */
	public long[] teacherLabels() { return labels(teacher); }

	public long[] studentLabels(int s) { return labels(students[s]); }

	/** {@code [B, 1, H, W, D]} float32. */
	public NDArray teacherImage(NDManager m) { return m.create(teacherImages(), shape(teacher, 1)); }

	public NDArray studentImage(int s, NDManager m) { return m.create(studentImages(s), shape(students[s], 1)); }

	/** {@code [B, 3, H, W, D]} float32. */
	public NDArray teacherGrid(NDManager m) { return m.create(teacherGrids(), shape(teacher, 3)); }

	public NDArray studentGrid(int s, NDManager m) { return m.create(studentGrids(s), shape(students[s], 3)); }

	/** {@code [B, H, W, D]} int64. */
	public NDArray teacherLabel(NDManager m) { return m.create(teacherLabels(), shape(teacher, 0)); }

	public NDArray studentLabel(int s, NDManager m) { return m.create(studentLabels(s), shape(students[s], 0)); }

	/** Every student's image, in order. */
	public List<NDArray> studentImageList(NDManager m) {
		List<NDArray> out = new ArrayList<>();
		for (int s = 0; s < students.length; s++) out.add(studentImage(s, m));
		return out;
	}

	/** Every student's grid, in order. */
	public List<NDArray> studentGridList(NDManager m) {
		List<NDArray> out = new ArrayList<>();
		for (int s = 0; s < students.length; s++) out.add(studentGrid(s, m));
		return out;
	}

	private static Shape shape(View[] v, int channels) {
		int[] d = v[0].dims;
		return channels == 0 ? new Shape(v.length, d[0], d[1], d[2]) : new Shape(v.length, channels, d[0], d[1], d[2]);
	}

	private static float[] images(View[] v) {
		int n = v[0].size();
		float[] out = new float[v.length * n];
		for (int b = 0; b < v.length; b++) System.arraycopy(v[b].image, 0, out, b * n, n);
		return out;
	}

	private static float[] grids(View[] v) {
		int n = 3 * v[0].size();
		float[] out = new float[v.length * n];
		for (int b = 0; b < v.length; b++) System.arraycopy(v[b].grid, 0, out, b * n, n);
		return out;
	}

	private static long[] labels(View[] v) {
		int n = v[0].size();
		long[] out = new long[v.length * n];
		for (int b = 0; b < v.length; b++) {
			byte[] l = v[b].labels;
			if (l != null) for (int i = 0; i < n; i++) out[b * n + i] = l[i] & 0xFF;
		}
		return out;
	}
}
