package io.github.punetfiji.data;

/** The k-th smallest value of an array, in expected linear time (quickselect; reorders the array). */
final class Selection {
	private Selection() {}

	static float select(float[] a, int k) {
		int lo = 0;
		int hi = a.length - 1;
		java.util.SplittableRandom rnd = new java.util.SplittableRandom(a.length);
		while (lo < hi) {
			float pivot = a[lo + rnd.nextInt(hi - lo + 1)];
			int i = lo;
			int j = hi;
			while (i <= j) { // Hoare partition
				while (a[i] < pivot) i++;
				while (a[j] > pivot) j--;
				if (i <= j) {
					float t = a[i];
					a[i++] = a[j];
					a[j--] = t;
				}
			}
			if (k <= j) hi = j;
			else if (k >= i) lo = i;
			else return a[k];
		}
		return a[k];
	}
}
