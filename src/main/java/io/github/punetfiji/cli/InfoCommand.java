package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.Intensity;
import io.github.punetfiji.data.Volume;
import io.github.punetfiji.data.Volumes;
import io.github.punetfiji.io.Json;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./punet info FILE}: one JSON line with the file, dims {@code [x, y, z]}, spacing in mm, voxel
 * type, and the range of the (finite) values ({@code null} when there are none).
 */
final class InfoCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		List<String> files = args.positionals();
		args.finish();
		if (files.size() != 1) throw new PunetException("info needs exactly one FILE (an image or a DICOM folder), got " + files.size());
		String file = files.get(0);
		Volume<?> v = Volumes.open(Paths.get(file));
		double[] range = Intensity.range(v.image());
		boolean integer = v.type().isInteger();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("file", file);
		m.put("dims", v.dims());
		m.put("spacing", v.spacing());
		m.put("type", v.type().label);
		m.put("min", integer ? (Object) (long) range[0] : range[0]);
		m.put("max", integer ? (Object) (long) range[1] : range[1]);
		out.println(Json.write(m));
		return 0;
	}

	@Override
	public String usage() {
		return "info FILE                      print dims, spacing, type and range of an image as JSON (" + Volumes.SUPPORTED + ")";
	}

}
