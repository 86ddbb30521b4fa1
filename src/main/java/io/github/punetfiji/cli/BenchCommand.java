package io.github.punetfiji.cli;

import io.github.punetfiji.cli.bench.Bench;
import io.github.punetfiji.cli.bench.BenchSettings;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.Json;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./punet bench [--quick] [--presets a,b] [--batch_size N] [--time_limit S] [--seed N]
 * [--device D] [--threads N] [--volumes full|quick|XxYxZ,…]}: runs {@link Bench} and prints its report as one JSON document on stdout;
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
		boolean sweep = args.has("volumes");
		// NB: a volume sweep alone unless presets are named too
		List<String> presets = args.has("presets") ? args.list("presets") : sweep ? List.of() : BenchSettings.DEFAULT_PRESETS;
		int batch = args.integer("batch_size", 2);
		double limit = args.number("time_limit", BenchSettings.defaultSeconds(quick));
		long seed = args.integer("seed", 42);
		// NB: checked before the engine loads
		BenchSettings settings = new BenchSettings(presets, quick, batch, limit, seed, null,
				sweep ? BenchSettings.volumes(args.list("volumes")) : List.of());
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		String device = io.github.punetfiji.model.runtime.Devices.label(compute.resolve(err));
		out.print(Json.writePretty(Bench.run(settings.withDevice(device), err::println), 2));
		out.flush();
		return 0;
	}

	@Override
	public String usage() {
		return "bench [--quick] [--presets a,b] [--batch_size N] [--time_limit S] [--volumes full|quick|XxYxZ,…]  benchmark "
				+ "per preset (JSON: ms per step\n"
				+ "      and window, voxels/s, memory); --volumes: how segmentation time and peak memory scale with the volume "
				+ "(alone unless --presets is given)";
	}
}
