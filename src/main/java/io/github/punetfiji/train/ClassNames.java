package io.github.punetfiji.train;

import io.github.punetfiji.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Class names from a {@code labels.json} ({@code {"0": "background", "1": "liver", …}}; non-numeric keys
 * are ignored) found in the mask folder, or the folder above the mask or image folder.
 */
public final class ClassNames {
	private ClassNames() {}

	public static Map<Integer, String> find(Path images, Path masks, int numClasses) {
		Map<Integer, String> out = new TreeMap<>();
		for (Path dir : new Path[] {masks, masks == null ? null : masks.toAbsolutePath().getParent(),
				images == null ? null : images.toAbsolutePath().getParent()}) {
			if (dir == null) continue;
			Path f = dir.resolve("labels.json");
			if (!Files.isRegularFile(f)) continue;
			try {
				for (Map.Entry<String, Object> e : Json.parseObject(Files.readString(f, StandardCharsets.UTF_8), f.toString()).entrySet()) {
					if (e.getKey().matches("\\d+") && Integer.parseInt(e.getKey()) < numClasses)
						out.put(Integer.parseInt(e.getKey()), String.valueOf(e.getValue()));
				}
				return out;
			} catch (IOException e) {
				return out;
			}
		}
		return out;
	}
}
