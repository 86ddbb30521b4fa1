package io.github.punetfiji.cli;

import io.github.punetfiji.Progress;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.api.Punet;
import io.github.punetfiji.api.SampleDataRequest;
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
		SampleDataRequest request = new SampleDataRequest(dir, subjects, seed, dims);
		long t0 = System.nanoTime();
		SampleData.Summary s = Punet.sampleData(request, Progress.NONE);
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
