package io.github.punetfiji.cli;

import io.github.punetfiji.cli.bench.Bench;
import io.github.punetfiji.cli.bench.BenchSettings;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.Json;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./punet bench [--quick] [--presets a,b] [--batch_size N] [--time_limit S] [--seed N]
 * [--device D] [--threads N]}: runs {@link Bench} and prints its report as one JSON document on stdout;
 * progress goes to stderr.
 */
final class BenchCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out) {
		return run(args, out, System.err);
	}

	@Override
	public int run(Args args, PrintStream out, PrintStream err) {
		if (!args.positionals().isEmpty()) throw new PunetException("bench takes no positional arguments, got " + args.positionals());
		boolean quick = args.flag("quick");
		List<String> presets = args.has("presets") ? args.list("presets") : BenchSettings.DEFAULT_PRESETS;
		int batch = args.integer("batch_size", 2);
		double limit = args.number("time_limit", BenchSettings.defaultSeconds(quick));
		long seed = args.integer("seed", 42);
		BenchSettings settings = new BenchSettings(presets, quick, batch, limit, seed, null); // NB: checked before the engine loads
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		String device = io.github.punetfiji.model.Devices.label(compute.resolve(err));
		out.print(Json.writePretty(Bench.run(settings.withDevice(device), err::println), 2));
		out.flush();
		return 0;
	}

	@Override
	public String usage() {
		return "bench [--quick] [--presets a,b] [--batch_size N] [--time_limit S]  benchmark per preset (JSON: ms per step and window, voxels/s, memory)";
	}
}
