package io.github.punetfiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The PSWin block on sizes that need padding (not divisible by the window) and on sizes smaller than the
 * window (window shrinking), against a direct, slow computation written here from the reference's
 * definition voxel by voxel: no reshapes, no rolls, no tensor ops.
 */
class PSWinSlowReferenceTest {
	static final int C = 8, HEADS = 2, T = 2;

	@Test
	void paddingShrinkingAndShiftAgreeWithTheSlowComputation() {
		int[][][] cases = {{{5, 6, 1}, {4, 4, 1}}, // padding (asymmetric), shift
				{{3, 3, 1}, {4, 4, 1}}, // smaller than the window: shrink, no shift
				{{6, 3, 5}, {4, 4, 4}}, // 3D: pad h and d, shrink w
				{{8, 8, 1}, {4, 4, 1}}, // divisible: no padding, shifted
		};
		for (int[][] c : cases) {
			for (boolean withPrompts : new boolean[] {false, true}) {
				check(c[0], c[1], withPrompts);
			}
		}
	}

	private void check(int[] size, int[] window, boolean withPrompts) {
		try (NDManager m = NDManager.newBaseManager()) {
			ai.djl.engine.Engine.getInstance().setRandomSeed(7);
			PSWinBlock block = new PSWinBlock(C, HEADS, 3, T, window, true, true, false, false, false);
			block.initializeParameters(m);
			// non-trivial norms
			for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
				if (e.getKey().contains("norm.")) e.getValue().getArray().addi(m.randomUniform(-0.3f, 0.3f, e.getValue().getShape()));
			}
			int b = 2;
			NDArray x = m.randomNormal(new Shape(b, C, size[0], size[1], size[2]));
			int[][] classes = {{1}, {2}};
			NDArray[] prompts = withPrompts ? new NDArray[] {m.randomNormal(new Shape(b, T, C)), m.randomNormal(new Shape(b, T, C))} : null;
			NDArray fast = block.forward(new ParameterStore(m, false), x, prompts, withPrompts ? classes : null, null);
			float[] slow = new Slow(block, window).run(x.toFloatArray(), b, size,
					prompts == null ? null : new float[][] {prompts[0].toFloatArray(), prompts[1].toFloatArray()},
					withPrompts ? classes : null);
			assertArrayEquals(new long[] {b, C, size[0], size[1], size[2]}, fast.getShape().getShape());
			float[] f = fast.toFloatArray();
			for (int i = 0; i < f.length; i++) {
				assertEquals(slow[i], f[i], 1e-4 + 1e-4 * Math.abs(slow[i]),
						"size " + java.util.Arrays.toString(size) + " prompts " + withPrompts + " at " + i);
			}
		}
	}

	/** The reference block computed voxel by voxel. */
	static final class Slow {
		final Map<String, Parameter> p;
		final int[] cfgWindow;

		Slow(PSWinBlock block, int[] window) {
			p = block.namedParameters();
			cfgWindow = window;
		}

		float[] a(String name) {
			return p.get(name).getArray().toFloatArray();
		}

		float[] run(float[] x, int b, int[] n, float[][] prompts, int[][] classes) {
			int[] w = new int[3], s = new int[3], p0 = new int[3], p1 = new int[3], np = new int[3];
			boolean pad = false;
			for (int k = 0; k < 3; k++) {
				w[k] = n[k] <= cfgWindow[k] ? n[k] : cfgWindow[k];
				s[k] = n[k] <= cfgWindow[k] ? 0 : cfgWindow[k] / 2;
				pad |= n[k] % w[k] != 0;
			}
			for (int k = 0; k < 3; k++) {
				if (pad) {
					p0[k] = (w[k] - n[k] % w[k]) / 2;
					p1[k] = (w[k] - n[k] % w[k] + 1) / 2;
				}
				if (k == 2 && w[2] == 1) p1[k] = 0;
				np[k] = n[k] + p0[k] + p1[k];
			}
			// content padded with the amounts swapped (the reference's reversed F.pad list)
			float[][][][][] m = new float[b][C][np[0]][np[1]][np[2]];
			for (int bb = 0; bb < b; bb++)
				for (int c = 0; c < C; c++) for (int i = 0; i < n[0]; i++) for (int j = 0; j < n[1]; j++) for (int l = 0; l < n[2]; l++) {
					m[bb][c][i + p1[0]][j + p1[1]][l + p1[2]] = x[(((bb * C + c) * n[0] + i) * n[1] + j) * n[2] + l];
				}
			m = sub(0, m, b, w, np, null, prompts, classes);
			// region ids: per axis the last slice of [0:-w], [-w:-s], [-s:] containing the voxel
			int[][][] id = new int[np[0]][np[1]][np[2]];
			for (int i = 0; i < np[0]; i++) for (int j = 0; j < np[1]; j++) for (int l = 0; l < np[2]; l++) {
				boolean inner = i >= p0[0] && i < np[0] - p1[0] && j >= p0[1] && j < np[1] - p1[1] && l >= p0[2] && l < np[2] - p1[2];
				id[i][j][l] = pad && inner
						? 100
						: 9 * region(i, np[0], w[0], s[0]) + 3 * region(j, np[1], w[1], s[1]) + region(l, np[2], w[2], s[2]);
			}
			// shifted attention on the rolled map: voxel v of the rolled map is v + s of the original
			float[][][][][] rolled = new float[b][C][np[0]][np[1]][np[2]];
			for (int bb = 0; bb < b; bb++)
				for (int c = 0; c < C; c++)
					for (int i = 0; i < np[0]; i++) for (int j = 0; j < np[1]; j++) for (int l = 0; l < np[2]; l++) {
						rolled[bb][c][i][j][l] = m[bb][c][(i + s[0]) % np[0]][(j + s[1]) % np[1]][(l + s[2]) % np[2]];
					}
			rolled = sub(1, rolled, b, w, np, id, prompts, classes);
			float[] out = new float[x.length];
			for (int bb = 0; bb < b; bb++)
				for (int c = 0; c < C; c++) for (int i = 0; i < n[0]; i++) for (int j = 0; j < n[1]; j++) for (int l = 0; l < n[2]; l++) {
					int ri = Math.floorMod(i + p0[0] - s[0], np[0]), rj = Math.floorMod(j + p0[1] - s[1], np[1]),
							rl = Math.floorMod(l + p0[2] - s[2], np[2]);
					out[(((bb * C + c) * n[0] + i) * n[1] + j) * n[2] + l] = rolled[bb][c][ri][rj][rl];
				}
			return out;
		}

		static int region(int v, int n, int w, int s) {
			int r = -1;
			int[][] sl = {Windows.pySlice(0, -w, n), Windows.pySlice(-w, -s, n), Windows.pySlice(-s, null, n)};
			for (int k = 0; k < 3; k++) if (v >= sl[k][0] && v < sl[k][1]) r = k;
			return r;
		}

		float[][][][][] sub(int k, float[][][][][] m, int b, int[] w, int[] np, int[][][] id, float[][] prompts, int[][] classes) {
			String pre = "msa_blocks." + k + ".", sc = "attention_scores." + k + ".";
			float[] ln1w = a(pre + "attention_norm.weight"), ln1b = a(pre + "attention_norm.bias"), ln2w = a(pre + "mlp_norm.weight"),
					ln2b = a(pre + "mlp_norm.bias");
			float[] wq = a(pre + "attention.to_q.weight"), wk = a(pre + "attention.to_k.weight"), wv = a(pre + "attention.to_v.weight");
			float[] wo = a(pre + "attention.to_out.weight"), bo = a(pre + "attention.to_out.bias"), wm = a(pre + "mlp.weight"),
					bm = a(pre + "mlp.bias");
			int[] P = {np[0] / w[0], np[1] / w[1], np[2] / w[2]};
			int nTok = w[0] * w[1] * w[2], nI = prompts == null ? 0 : T, all = nI + nTok, dh = C / HEADS;
			float[][][][][] out = new float[b][C][np[0]][np[1]][np[2]];
			for (int bb = 0; bb < b; bb++)
				for (int q1 = 0; q1 < P[0]; q1++) for (int q2 = 0; q2 < P[1]; q2++) for (int q3 = 0; q3 < P[2]; q3++) {
					float[][] tok = new float[all][C];
					int[][] pos = new int[all][];
					for (int t = 0; t < nI; t++) for (int c = 0; c < C; c++) tok[t][c] = prompts[k][(bb * T + t) * C + c];
					int t = nI;
					for (int i = 0; i < w[0]; i++) for (int j = 0; j < w[1]; j++) for (int l = 0; l < w[2]; l++, t++) {
						pos[t] = new int[] {i, j, l, i * P[0] + q1, j * P[1] + q2, l * P[2] + q3};
						for (int c = 0; c < C; c++) tok[t][c] = m[bb][c][pos[t][3]][pos[t][4]][pos[t][5]];
					}
					float[][] q = new float[all][], kk = new float[all][], vv = new float[all][];
					for (int r = 0; r < all; r++) {
						q[r] = lin(wq, null, ln(tok[r], ln1w, ln1b));
						kk[r] = lin(wk, null, q[r]);
						vv[r] = lin(wv, null, q[r]);
					}
					float[][] att = new float[all][C];
					for (int h = 0; h < HEADS; h++) {
						for (int r = 0; r < all; r++) {
							double[] logit = new double[all];
							for (int cc = 0; cc < all; cc++) {
								double dot = 0;
								for (int d = 0; d < dh; d++) dot += q[r][h * dh + d] * kk[cc][h * dh + d];
								double v = dot / Math.sqrt(dh) + bias(sc, h, r, cc, nI, pos, w, classes == null ? null : classes[bb]);
								if (id != null) {
									double mask = r < nI
											? 0
											: cc < nI
													? 1
													: id[pos[r][3]][pos[r][4]][pos[r][5]] != id[pos[cc][3]][pos[cc][4]][pos[cc][5]] ? 1 : 0;
									v *= mask;
								}
								logit[cc] = v;
							}
							double max = Double.NEGATIVE_INFINITY, sum = 0;
							for (double v : logit) max = Math.max(max, v);
							for (int cc = 0; cc < all; cc++) sum += logit[cc] = Math.exp(logit[cc] - max);
							for (int cc = 0; cc < all; cc++)
								for (int d = 0; d < dh; d++) att[r][h * dh + d] += logit[cc] / sum * vv[cc][h * dh + d];
						}
					}
					for (int r = nI; r < all; r++) {
						float[] x1 = add(tok[r], lin(wo, bo, att[r]));
						float[] x2 = add(x1, lin(wm, bm, ln(x1, ln2w, ln2b)));
						for (int c = 0; c < C; c++) out[bb][c][pos[r][3]][pos[r][4]][pos[r][5]] = x2[c];
					}
				}
			return out;
		}

		double bias(String sc, int h, int r, int c, int nI, int[][] pos, int[] w, int[] classes) {
			double scale = Math.pow(32, -0.5);
			if (r < nI) return 0;
			if (c < nI) {
				float[] wc = a(sc + "weights_cross_inst_content");
				float[] enc = a(sc + "encoding_cross_inst_content." + classes[c / T]);
				return dot(wc, h, enc, c % T) * scale;
			}
			double sum = 0;
			String[] ax = {"h", "w", "d"};
			for (int k = 0; k < 3; k++) {
				int idx = Math.max(0, Math.min(pos[c][k] - pos[r][k] + cfgWindow[k] - 1, 2 * cfgWindow[k] - 2));
				sum += dot(a(sc + "weights_content_" + ax[k]), h, a(sc + "encoding_content_" + ax[k]), idx);
			}
			return sum / 3 * scale;
		}

		static double dot(float[] wts, int h, float[] enc, int row) {
			double s = 0;
			for (int e = 0; e < 32; e++) s += wts[h * 32 + e] * enc[row * 32 + e];
			return s;
		}

		static float[] ln(float[] x, float[] g, float[] bta) {
			double mean = 0, var = 0;
			for (float v : x) mean += v;
			mean /= x.length;
			for (float v : x) var += (v - mean) * (v - mean);
			var /= x.length;
			float[] o = new float[x.length];
			for (int i = 0; i < x.length; i++) o[i] = (float) ((x[i] - mean) / Math.sqrt(var + 1e-5) * g[i] + bta[i]);
			return o;
		}

		static float[] lin(float[] wt, float[] bias, float[] x) {
			int out = wt.length / x.length;
			float[] o = new float[out];
			for (int i = 0; i < out; i++) {
				double s = bias == null ? 0 : bias[i];
				for (int j = 0; j < x.length; j++) s += wt[i * x.length + j] * x[j];
				o[i] = (float) s;
			}
			return o;
		}

		static float[] add(float[] a, float[] b) {
			float[] o = new float[a.length];
			for (int i = 0; i < a.length; i++) o[i] = a[i] + b[i];
			return o;
		}
	}
}
