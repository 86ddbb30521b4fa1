package io.github.punetfiji.train.views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ViewGeneratorTest {
	/** 2D preset (teacher 256², students 224², 160²) scaled down for speed. */
	static final ViewSettings FLAT = new ViewSettings(new int[][] {{56, 56, 1}, {40, 40, 1}}, new int[] {64, 64, 1}, 2, 1,
			AugmentationConfig.reference(), null);
	/** The 3d_aniso preset. */
	static final ViewSettings ANISO = new ViewSettings(new int[][] {{56, 56, 8}, {40, 40, 8}}, new int[] {64, 64, 8}, 2, 1,
			AugmentationConfig.reference(), null);

	static List<Sample> subjects() {
		return List.of(TestSamples.bands("a", new int[] {90, 80, 12}), TestSamples.bands("b", new int[] {70, 100, 10}));
	}

	@Test
	void sameSeedSameViews() {
		ViewGenerator g = new ViewGenerator(subjects(), FLAT);
		ViewBatch a = g.next(4, new SplittableRandom(7));
		ViewBatch b = g.next(4, new SplittableRandom(7));
		ViewBatch c = g.next(4, new SplittableRandom(8));
		assertArrayEquals(a.teacherImages(), b.teacherImages());
		assertArrayEquals(a.teacherGrids(), b.teacherGrids());
		for (int s = 0; s < 2; s++) {
			assertArrayEquals(a.studentImages(s), b.studentImages(s));
			assertArrayEquals(a.studentGrids(s), b.studentGrids(s));
			assertArrayEquals(a.studentLabels(s), b.studentLabels(s));
		}
		assertArrayEquals(a.frames(), b.frames());
		assertFalse(Arrays.equals(a.teacherImages(), c.teacherImages()));
	}

	@Test
	void shapes2dSampleSlicesAnd3dSamplePatches() {
		ViewBatch f = new ViewGenerator(subjects(), FLAT).next(4, new SplittableRandom(1));
		assertArrayEquals(new int[] {64, 64, 1}, f.teacherSize());
		assertArrayEquals(new int[] {56, 56, 1}, f.studentSize(0));
		assertArrayEquals(new int[] {40, 40, 1}, f.studentSize(1));
		assertEquals(4 * 3 * 40 * 40, f.studentGrids(1).length);
		ViewBatch t = new ViewGenerator(subjects(), ANISO).next(2, new SplittableRandom(1));
		assertArrayEquals(new int[] {64, 64, 8}, t.teacherSize());
		assertArrayEquals(new int[] {40, 40, 8}, t.studentSize(1));
		assertEquals(2 * 64 * 64 * 8, t.teacherImages().length);
		assertThrows(IllegalArgumentException.class, () -> new ViewGenerator(subjects(), FLAT).next(3, new SplittableRandom(1)));
	}

	@Test
	void sliceGridsHaveOneDepthAndSpanPatchesIn3d() {
		ViewBatch f = new ViewGenerator(subjects(), FLAT.withAugmentation(AugmentationConfig.none())).next(2, new SplittableRandom(3));
		View v = f.teacherView(0);
		int n = v.size();
		for (int i = 1; i < n; i++) assertEquals(v.grid[2 * n], v.grid[2 * n + i]); // one source slice
		ViewBatch t = new ViewGenerator(subjects(), ANISO).next(2, new SplittableRandom(3));
		View w = t.teacherView(0);
		int m = w.size();
		assertEquals(1, w.grid[2 * m + 1] - w.grid[2 * m], 1e-5); // consecutive source slices
	}

	@Test
	void gridPredictsImageInEveryView() {
		for (ViewSettings st : List.of(FLAT, ANISO)) {
			ViewSettings geometric = st.withAugmentation(AugmentationConfig.none().withAffine(true));
			List<Sample> smooth = subjects();
			List<Sample> linear = List.of(TestSamples.field("l", new int[] {90, 80, 12}, TestSamples.LINEAR, null));
			ViewBatch b = new ViewGenerator(smooth, geometric).next(8, new SplittableRandom(11));
			ViewBatch l = new ViewGenerator(linear, geometric).next(8, new SplittableRandom(11));
			for (int e = 0; e < 8; e++) {
				// Bilinear is exact on a linear field; on the smooth one within interpolation error.
				assertTrue(TestSamples.gridError(l.teacherView(e), TestSamples.LINEAR) < 1e-4);
				assertTrue(TestSamples.gridError(b.teacherView(e), TestSamples.SMOOTH) < 3e-3);
				for (int s = 0; s < 2; s++) {
					assertTrue(TestSamples.gridError(l.studentView(s, e), TestSamples.LINEAR) < 1e-4);
					assertTrue(TestSamples.gridError(b.studentView(s, e), TestSamples.SMOOTH) < 3e-3);
				}
			}
		}
	}

	@Test
	void affineActuallyMovesTheGrid() {
		ViewSettings geometric = FLAT.withAugmentation(AugmentationConfig.none().withAffine(true));
		ViewBatch b = new ViewGenerator(subjects(), geometric).next(16, new SplittableRandom(5));
		int rotated = 0;
		for (int e = 0; e < 16; e++) {
			View v = b.studentView(0, e);
			int n = v.size();
			// without an affine, moving along y keeps the x coordinate
			if (Math.abs(v.grid[10] - v.grid[0]) > 0.05 && v.grid[2 * n] == v.grid[2 * n + 5]) rotated++;
		}
		assertTrue(rotated > 6, "rotated " + rotated + " of 16"); // p = 0.8
	}

	@Test
	void labelsStayInTheirValueSet() {
		ViewBatch b = new ViewGenerator(subjects(), FLAT).next(8, new SplittableRandom(2));
		for (int s = 0; s < 2; s++) {
			for (long l : b.studentLabels(s)) assertTrue(l >= 0 && l <= 2, "label " + l);
		}
		assertTrue(Arrays.stream(b.teacherLabels()).distinct().count() > 1);
	}

	@Test
	void maskingChangesOnlyStudentImages() {
		ViewSettings m = FLAT.withAugmentation(AugmentationConfig.none().withMasking(true));
		ViewBatch b = new ViewGenerator(subjects(), m).next(32, new SplittableRandom(9));
		int masked = 0;
		for (int e = 0; e < 32; e++) {
			assertEquals(0, TestSamples.gridError(b.teacherView(e), TestSamples.SMOOTH), 1e-6);
			for (int s = 0; s < 2; s++) {
				View v = b.studentView(s, e);
				if (TestSamples.gridError(v, TestSamples.SMOOTH) > 1e-6) masked++;
				int dimX = b.frames()[e].equals("a") ? 90 : 70, n = v.size();
				for (int i = 0; i < n; i++) { // labels untouched: the band of the source voxel
					int x = Math.round(v.grid[i] + (dimX - 1) / 2f);
					assertEquals(x < dimX / 3 ? 0 : x < 2 * dimX / 3 ? 1 : 2, v.labels[i]);
				}
			}
		}
		// P(some masking) = 0.3 per student view; 64 views
		assertTrue(masked > 8 && masked < 35, "masked " + masked);
	}

	@Test
	void fixedViewsAreCentredAndUnaugmented() {
		ViewGenerator g = new ViewGenerator(subjects(), FLAT);
		ViewBatch v = g.fixed(subjects());
		assertArrayEquals(v.teacherImages(), g.fixed(subjects()).teacherImages());
		View t = v.teacherView(0);
		int n = t.size();
		// subject a: 90×80×12, centred 64×64×1 crop at ((90-64)/2, (80-64)/2, (12-1)/2) = (13, 8, 5)
		assertEquals(13 - 44.5f, t.grid[0]);
		assertEquals(8 - 39.5f, t.grid[n]);
		assertEquals(5 - 5.5f, t.grid[2 * n]);
		assertEquals(0, TestSamples.gridError(v.studentView(1, 1), TestSamples.SMOOTH), 1e-6);
	}

	@Test
	void smallVolumesArePaddedToThePatch() {
		List<Sample> tiny = List.of(TestSamples.bands("t", new int[] {30, 50, 3}));
		ViewBatch b = new ViewGenerator(tiny, ANISO).next(2, new SplittableRandom(4));
		assertArrayEquals(new int[] {64, 64, 8}, b.teacherSize());
		assertArrayEquals(new int[] {40, 40, 8}, b.studentSize(1));
		ViewBatch c = new ViewGenerator(tiny, ANISO.withAugmentation(AugmentationConfig.none())).next(2, new SplittableRandom(4));
		assertEquals(0, TestSamples.gridError(c.teacherView(1), TestSamples.SMOOTH), 1e-6);
	}

	@Test
	void framesAndAnnotationFollowTheSubjects() {
		List<Sample> subj = Subjects.limitAnnotated(subjects(), 1, true);
		ViewBatch b = new ViewGenerator(subj, FLAT).next(8, new SplittableRandom(6));
		for (int e = 0; e < 8; e++) {
			assertEquals(b.frames()[e].equals("a"), b.annotated()[e]);
			assertEquals(b.frames()[e - e % 2], b.frames()[e]); // two crops per drawn subject
		}
	}
}
