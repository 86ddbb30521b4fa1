package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Window partition, recombination, cyclic shift, padding and shift masks of the PSWin block, as pure
 * functions. They follow the reference ({@code sia_block_deep.py}), not textbook Swin:
 *
 * <ul>
 *   <li>windows are <em>strided</em> grids: token {@code (i, j, k)} of window {@code (p1, p2, p3)} is voxel
 *       {@code (i*P1 + p1, j*P2 + p2, k*P3 + p3)} where {@code P1 = Hp / wh} is the number of windows
 *       along H (einops {@code b c (h p1) (w p2) (d p3) -> b (p1 p2 p3) (h w d) c});
 *   <li>a dimension {@code <=} its window shrinks the window to it and loses its shift;
 *   <li>if any dimension is not a multiple of its window, every dimension gets paddings
 *       {@code floor((w - n % w)/2)} and {@code ceil(...)} (so a divisible dimension gains a whole
 *       window; the depth {@code ceil} part is 0 when the depth window is 1); the mask and the crop
 *       treat the first as "before", but the content is padded with them swapped (see {@link #pad});
 *   <li>the shift mask is 1 where the region ids of two tokens <em>differ</em> and multiplies logits.
 * </ul>
 *
 * <p>Dimension letters: B batch, C channels, H W D spatial, P windows, N tokens per window.
 */
public final class Windows {
	private Windows() {}

	/** Effective window, shift and padding of one PSWin block for a given feature map size. */
	public static final class Plan {
		public final int[] size; // H, W, D before padding
		public final int[] window;
		public final int[] shift;
		/** h0, h1, w0, w1, d0, d1. */
		public final int[] paddings;
		public final int[] padded;

		Plan(int[] size, int[] window, int[] shift, int[] paddings) {
			this.size = size;
			this.window = window;
			this.shift = shift;
			this.paddings = paddings;
			this.padded = new int[] {size[0] + paddings[0] + paddings[1], size[1] + paddings[2] + paddings[3],
					size[2] + paddings[4] + paddings[5]};
		}

		public boolean padded() {
			for (int p : paddings) if (p > 0) return true;
			return false;
		}

		public boolean shifted() {
			return shift[0] > 0 || shift[1] > 0 || shift[2] > 0;
		}

		/** Number of windows P. */
		public int windows() {
			return (padded[0] / window[0]) * (padded[1] / window[1]) * (padded[2] / window[2]);
		}

		/** Tokens per window N. */
		public int tokens() {
			return window[0] * window[1] * window[2];
		}
	}

	/**
	 * The plan for a map of size {@code (h, w, d)} with the configured window (shift = window / 2).
	 */
	public static Plan plan(int h, int w, int d, int[] configuredWindow) {
		int[] size = {h, w, d};
		int[] win = new int[3];
		int[] shift = new int[3];
		for (int k = 0; k < 3; k++) {
			win[k] = configuredWindow[k];
			shift[k] = configuredWindow[k] / 2;
			if (size[k] <= win[k]) {
				win[k] = size[k];
				shift[k] = 0;
			}
		}
		int[] pad = new int[6];
		if (h % win[0] != 0 || w % win[1] != 0 || d % win[2] != 0) {
			for (int k = 0; k < 3; k++) {
				int rest = win[k] - size[k] % win[k];
				pad[2 * k] = rest / 2;
				pad[2 * k + 1] = (rest + 1) / 2;
			}
			if (win[2] == 1) pad[5] = 0; // NB: the reference never pads a singleton depth window after.
		}
		return new Plan(size, win, shift, pad);
	}

	/** Zero padding of {@code (B, C, H, W, D)} by the plan. */
	public static NDArray pad(NDArray x, Plan plan) {
		if (!plan.padded()) return x;
		int[] p = plan.paddings;
		// NB: the reference calls F.pad(x, reversed([h0, h1, w0, w1, d0, d1])): F.pad reads (last axis
		// before, after, ...), so every axis is padded with its "after" amount first and its "before"
		// amount last, while the mask and the crop use the unswapped offsets. Reproduced on purpose.
		return x.pad(new Shape(p[5], p[4], p[3], p[2], p[1], p[0]), 0); // (B, C, Hp, Wp, Dp)
	}

	/** Crops the plan's padding off {@code (B, C, Hp, Wp, Dp)}. */
	public static NDArray crop(NDArray x, Plan plan) {
		if (!plan.padded()) return x;
		int[] p = plan.paddings;
		int[] s = plan.padded;
		return x.get(new NDIndex(":, :, {}:{}, {}:{}, {}:{}", p[0], s[0] - p[1], p[2], s[1] - p[3], p[4], s[2] - p[5])); // (B, C, H, W, D)
	}

	/** {@code (B, C, Hp, Wp, Dp)} to tokens {@code (B, P, N, C)} in strided windows. */
	public static NDArray partition(NDArray x, int[] window) {
		Shape s = x.getShape();
		long b = s.get(0), c = s.get(1);
		long p1 = s.get(2) / window[0], p2 = s.get(3) / window[1], p3 = s.get(4) / window[2];
		return x.reshape(b, c, window[0], p1, window[1], p2, window[2], p3) // (B, C, wh, P1, ww, P2, wd, P3)
				.transpose(0, 3, 5, 7, 2, 4, 6, 1) // (B, P1, P2, P3, wh, ww, wd, C)
				.reshape(b, p1 * p2 * p3, (long) window[0] * window[1] * window[2], c); // (B, P, N, C)
	}

	/** Inverse of {@link #partition}: tokens {@code (B, P, N, C)} to {@code (B, C, Hp, Wp, Dp)}. */
	public static NDArray recombine(NDArray tokens, int[] window, int[] padded) {
		Shape s = tokens.getShape();
		long b = s.get(0), c = s.get(3);
		long p1 = padded[0] / window[0], p2 = padded[1] / window[1], p3 = padded[2] / window[2];
		return tokens.reshape(b, p1, p2, p3, window[0], window[1], window[2], c) // (B, P1, P2, P3, wh, ww, wd, C)
				.transpose(0, 7, 4, 1, 5, 2, 6, 3) // (B, C, wh, P1, ww, P2, wd, P3)
				.reshape(b, c, padded[0], padded[1], padded[2]); // (B, C, Hp, Wp, Dp)
	}

	/** {@code torch.roll} over the spatial axes 2, 3, 4 of {@code (B, C, H, W, D)}, built from slices. */
	public static NDArray roll(NDArray x, int[] shifts) {
		NDArray out = x;
		for (int k = 0; k < 3; k++) {
			int axis = 2 + k;
			int n = (int) out.getShape().get(axis);
			int s = Math.floorMod(shifts[k], n);
			if (s == 0) continue;
			NDArray tail = out.get(slice(axis, n - s, n)); // the last s elements move to the front
			NDArray front = out.get(slice(axis, 0, n - s));
			out = NDArrays.concat(new ai.djl.ndarray.NDList(tail, front), axis);
		}
		return out;
	}

	private static NDIndex slice(int axis, int from, int to) {
		NDIndex idx = new NDIndex();
		for (int a = 0; a < axis; a++) idx.addAllDim(1);
		return idx.addSliceDim(from, to);
	}

	/**
	 * The reference's region ids ({@code get_attn_mask}) on the padded grid, {@code [Hp][Wp][Dp]}:
	 * Python slices {@code [0:-w], [-w:-s], [-s:]} per axis numbered in nested h, w, d order (later
	 * assignments overwrite), then the unpadded block (unshifted offsets) set to 100 if anything is padded.
	 */
	public static int[][][] regionIds(Plan plan) {
		int[] n = plan.padded;
		int[][][] ids = new int[n[0]][n[1]][n[2]];
		int[][][] sl = new int[3][][];
		for (int k = 0; k < 3; k++) {
			int w = plan.window[k], s = plan.shift[k];
			sl[k] = new int[][] {pySlice(0, -w, n[k]), pySlice(-w, -s, n[k]), pySlice(-s, null, n[k])};
		}
		int cnt = 0;
		for (int[] hs : sl[0]) {
			for (int[] ws : sl[1]) {
				for (int[] ds : sl[2]) {
					for (int i = hs[0]; i < hs[1]; i++) {
						for (int j = ws[0]; j < ws[1]; j++) {
							for (int l = ds[0]; l < ds[1]; l++) ids[i][j][l] = cnt;
						}
					}
					cnt++;
				}
			}
		}
		if (plan.padded()) {
			int[] p = plan.paddings;
			for (int i = p[0]; i < n[0] - p[1]; i++) {
				for (int j = p[2]; j < n[1] - p[3]; j++) {
					for (int l = p[4]; l < n[2] - p[5]; l++) ids[i][j][l] = 100;
				}
			}
		}
		return ids;
	}

	/** Python slice {@code [start:stop]} (stop null = end; {@code -0} is 0) of a length-n axis: {from, to}. */
	static int[] pySlice(int start, Integer stop, int n) {
		int a = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
		int b = stop == null ? n : stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
		return new int[] {a, Math.max(a, b)};
	}

	/**
	 * The multiplicative mask of the shifted sub-block, {@code (1, P, 1, I+N, I+N)}: prompt rows 0,
	 * content→prompt 1 when prompts are given, content→content 1 where region ids differ.
	 */
	public static NDArray shiftMask(NDManager manager, Plan plan, int promptTokens, boolean withPrompts) {
		int[][][] ids = regionIds(plan);
		int[] n = plan.padded;
		int[] win = plan.window;
		int p1 = n[0] / win[0], p2 = n[1] / win[1], p3 = n[2] / win[2];
		int windows = p1 * p2 * p3, tokens = plan.tokens(), all = promptTokens + tokens;
		float[] mask = new float[windows * all * all];
		int[] tokenIds = new int[tokens];
		for (int a = 0; a < p1; a++) {
			for (int b = 0; b < p2; b++) {
				for (int c = 0; c < p3; c++) {
					int p = (a * p2 + b) * p3 + c;
					int t = 0;
					for (int i = 0; i < win[0]; i++) {
						for (int j = 0; j < win[1]; j++) {
							for (int l = 0; l < win[2]; l++) tokenIds[t++] = ids[i * p1 + a][j * p2 + b][l * p3 + c];
						}
					}
					int base = p * all * all;
					for (int q = 0; q < tokens; q++) {
						int row = base + (promptTokens + q) * all;
						if (withPrompts) {
							for (int k = 0; k < promptTokens; k++) mask[row + k] = 1f;
						}
						for (int k = 0; k < tokens; k++) mask[row + promptTokens + k] = tokenIds[q] != tokenIds[k] ? 1f : 0f;
					}
				}
			}
		}
		return Constants.floats(manager, mask, new Shape(1, windows, 1, all, all));
	}
}
