package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.data.synth.SampleData;
import io.github.punetfiji.data.synth.SyntheticAbdomen;
import io.github.punetfiji.io.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./punet sample-data [--out DIR] [--subjects N] [--seed S] [--dims X,Y,Z]}: writes the
 * deterministic synthetic abdominal CT data set and prints one JSON summary line.
 */
final class SampleDataCommand implements Subcommand {
	static final long DEFAULT_SEED = 2024;
	static final int DEFAULT_SUBJECTS = 8;

	@Override
	public int run(Args args, PrintStream out) {
		if (!args.positionals().isEmpty()) throw new PunetException("sample-data takes no positional arguments, got " + args.positionals());
		Path dir = args.path("out", Paths.get("sample-data"));
		int subjects = args.integer("subjects", DEFAULT_SUBJECTS);
		String seedText = args.string("seed", Long.toString(DEFAULT_SEED));
		int[] dims = args.integers("dims", SyntheticAbdomen.DEFAULT_DIMS.clone());
		args.finish();
		long seed;
		try {
			seed = Long.parseLong(seedText);
		} catch (NumberFormatException e) {
			throw new PunetException("flag --seed needs an integer, got '" + seedText + "'");
		}
		if (subjects < 1 || subjects > 999) throw new PunetException("flag --subjects: needs 1 to 999, got " + subjects);
		if (dims.length != 3 || dims[0] < 8 || dims[1] < 8 || dims[2] < 2 || (long) dims[0] * dims[1] * dims[2] > 64_000_000L) {
			throw new PunetException("flag --dims needs three sizes X,Y,Z (at least 8,8,2, at most 64 million voxels)");
		}
		StringBuilder command = new StringBuilder("./punet sample-data --out ").append(dir).append(" --subjects ").append(subjects)
				.append(" --seed ").append(seed);
		if (!java.util.Arrays.equals(dims, SyntheticAbdomen.DEFAULT_DIMS))
			command.append(" --dims ").append(dims[0]).append(',').append(dims[1]).append(',').append(dims[2]);
		long t0 = System.nanoTime();
		SampleData.Summary s = SampleData.write(dir, subjects, seed, dims, command.toString(), Runtime.getRuntime().availableProcessors());
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("out", dir.toString());
		m.put("subjects", subjects);
		m.put("seed", seed);
		m.put("dims", dims);
		m.put("megabytes", Math.round(s.bytes() / 1e4) / 100.0);
		m.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
		out.println(Json.write(m));
		return 0;
	}

	@Override
	public String usage() {
		return "sample-data [--out DIR] [--subjects N] [--seed S] [--dims X,Y,Z]  write the synthetic abdominal CT sample data "
				+ "(default: sample-data, 8 subjects, 160,160,48)";
	}
}
