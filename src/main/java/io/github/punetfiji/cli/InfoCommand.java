package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.ImageInfo;
import io.github.punetfiji.api.Punet;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.io.Json;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./punet info FILE}: one JSON line with the file, dims {@code [x, y, z]}, spacing in mm, voxel
 * type, and the range of the (finite) values ({@code null} when there are none); for a model file ({@code .punet}) its
 * preset, classes, trained prompts, steps and {@code stopped_at_step} ({@link Punet#modelInfo}).
 */
final class InfoCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		List<String> files = args.positionals();
		args.finish();
		if (files.size() != 1) throw new PunetException("info needs exactly one FILE (an image or a DICOM folder), got " + files.size());
		String file = files.get(0);
		if (file.endsWith(".punet")) {
			out.println(Json.write(Punet.modelInfo(Paths.get(file))));
			return 0;
		}
		ImageInfo info = Punet.info(Paths.get(file));
		boolean integer = info.integer();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("file", file);
		m.put("dims", info.dims());
		m.put("spacing", info.spacing());
		m.put("type", info.type());
		m.put("min", integer ? (Object) (long) info.min() : info.min());
		m.put("max", integer ? (Object) (long) info.max() : info.max());
		out.println(Json.write(m));
		return 0;
	}

	@Override
	public String usage() {
		return "info FILE                      print dims, spacing, type and range of an image as JSON (" + Volumes.SUPPORTED
				+ "); for a .punet\n"
				+ "                               model its preset, classes, steps and stopped_at_step (saved by a stopped training)";
	}

}
