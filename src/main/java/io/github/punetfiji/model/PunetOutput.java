package io.github.punetfiji.model;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one network forward ({@code dict_out} of the reference).
 *
 * <ul>
 *   <li>{@code dense}: the final output {@code (B, K, H, W, D)} (class similarities, or logits of the fixed head);
 *   <li>{@code embedded}: the decoder output before the head, {@code (B, C0, H/2, W/2, D)} ("patched" latents);
 *   <li>{@code similarityMap}: the head's map before the final up-sampling;
 *   <li>{@code segmentationLatents}: the final pool's tokens {@code (B, K*T, C0)}, null for the fixed head;
 *   <li>{@code intermediates}: with recording on, every block output and trace by fixture key
 *       ({@code stem/0}, {@code encoder/i}, {@code decoder/i}, {@code trace/encoder0/msa_w/in}, …).
 * </ul>
 */
public final class PunetOutput {
	public final NDArray dense;
	public final NDArray embedded;
	public final NDArray similarityMap;
	public final NDArray segmentationLatents;
	public final Map<String, NDArray> intermediates;

	PunetOutput(NDArray dense, NDArray embedded, NDArray similarityMap, NDArray segmentationLatents, Map<String, NDArray> intermediates) {
		this.dense = dense;
		this.embedded = embedded;
		this.similarityMap = similarityMap;
		this.segmentationLatents = segmentationLatents;
		this.intermediates = intermediates == null ? Map.of() : new LinkedHashMap<>(intermediates);
	}
}
