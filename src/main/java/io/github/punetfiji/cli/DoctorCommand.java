package io.github.punetfiji.cli;

import io.github.punetfiji.model.runtime.KernelSelfCheck;
import io.github.punetfiji.io.Json;
import io.github.punetfiji.model.KernelCheck;
import io.github.punetfiji.model.runtime.RuntimeFacts;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code ./punet doctor}: what this machine computes with, as JSON (engine, libtorch, GPUs, threads, OpenMP wait
 * policy, the instruction-set level the native-kernel guard chose and why, and its check's verdict);
 * {@code --full} also runs the full kernel check in this process. Exit 0 when the check passed.
 */
final class DoctorCommand implements Subcommand {
	@Override
	public int run(Args args, PrintStream out, PrintStream err) {
		boolean full = args.flag("full");
		RuntimeFlags.Compute compute = RuntimeFlags.read(args);
		args.finish();
		compute.resolve(null);
		Map<String, Object> facts = RuntimeFacts.describe();
		if (full) {
			KernelCheck.Report r = KernelCheck.run(KernelSelfCheck.Scope.FULL);
			facts.put("full_check", Map.of("passed", r.passed(), "summary", r.summary(), "millis", r.millis()));
		}
		out.println(Json.writePretty(facts, 2));
		return 0;
	}

	@Override
	public int run(Args args, PrintStream out) {
		return run(args, out, System.err);
	}

	@Override
	public String usage() {
		return "doctor [--full] [--threads N]     engine, libtorch, device, threads, OpenMP policy, CPU instruction-set level "
				+ "and kernel self-check as JSON";
	}
}
