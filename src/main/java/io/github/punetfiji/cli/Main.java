package io.github.punetfiji.cli;

import io.github.punetfiji.CancelledException;
import io.github.punetfiji.PunetException;
import io.github.punetfiji.model.runtime.EngineThread;
import io.github.punetfiji.model.runtime.TorchRuntime;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standalone command line ({@code ./punet}, see README.md, "Command line"). It only parses arguments into request
 * objects and calls the same services as the Fiji commands. Exit status: 0 success, 2 bad arguments or
 * input, 3 cancelled, 1 internal error.
 */
public final class Main {
	static final Map<String, Subcommand> SUBCOMMANDS = new LinkedHashMap<>();

	static {
		SUBCOMMANDS.put("info", new InfoCommand());
		SUBCOMMANDS.put("sample-data", new SampleDataCommand());
		SUBCOMMANDS.put("convert", new ConvertCommand());
		SUBCOMMANDS.put("export", new ExportCommand());
		SUBCOMMANDS.put("forward", new ForwardCommand());
		SUBCOMMANDS.put("--mode fit", new FitCommand());
		SUBCOMMANDS.put("probe", new ProbeCommand());
		SUBCOMMANDS.put("demo", new DemoCommand(Main::run));
		SUBCOMMANDS.put("--mode predict", new SegmentCommand(false));
		SUBCOMMANDS.put("--mode test", new SegmentCommand(true));
		SUBCOMMANDS.put("similarity", new SimilarityCommand());
		SUBCOMMANDS.put("bench", new BenchCommand());
		SUBCOMMANDS.put("doctor", new DoctorCommand());
	}

	private Main() {}

	public static void main(String[] argv) {
		System.exit(run(argv, System.out, System.err));
	}

	/** Runs the CLI and returns its exit status (tests call this directly). */
	public static int run(String[] argv, PrintStream out, PrintStream err) {
		boolean debug = Arrays.asList(argv).contains("--debug");
		String[] rest = Arrays.stream(argv).filter(a -> !a.equals("--debug")).toArray(String[]::new);
		try {
			if (rest.length == 0 || rest[0].equals("--help") || rest[0].equals("-h") || rest[0].equals("help")) {
				out.println(usage());
				return rest.length == 0 ? 2 : 0;
			}
			String name = rest[0];
			Subcommand cmd;
			String[] tail;
			if (name.startsWith("--")) {
				Args peek = new Args(rest, argv);
				String mode = peek.string("mode", null);
				if (mode == null)
					throw new PunetException("no subcommand given; expected --mode fit|test|predict or one of " + SUBCOMMANDS.keySet());
				cmd = SUBCOMMANDS.get("--mode " + mode);
				if (cmd == null) throw new PunetException("flag --mode: '" + mode + "' is not one of fit|test|predict");
				tail = rest;
			} else {
				cmd = SUBCOMMANDS.get(name);
				if (cmd == null) throw new PunetException("unknown subcommand '" + name + "'; expected one of " + SUBCOMMANDS.keySet());
				tail = Arrays.copyOfRange(rest, 1, rest.length);
			}
			if (Arrays.asList(tail).contains("--help")) {
				out.println(cmd.usage());
				return 0;
			}
			TorchRuntime.prepare(); // NB: a local libtorch that cannot work fails here, before any work; the engine loads on first use
			Args args = new Args(tail, argv);
			return EngineThread.call(() -> cmd.run(args, out, err)); // NB: where freed native memory can be reused
		} catch (PunetException e) {
			err.println("punet: error: " + e.getMessage());
			if (debug) e.printStackTrace(err);
			return 2;
		} catch (CancelledException e) {
			err.println("punet: cancelled: " + e.getMessage());
			return 3;
		} catch (OutOfMemoryError e) {
			err.println("punet: error: out of memory (" + e.getMessage()
					+ "); use a smaller --batch_size or give Java more heap (JAVA_OPTS=-Xmx…)");
			return 1;
		} catch (Exception | Error e) {
			String engineFailure = TorchRuntime.loadFailureOf(e);
			if (engineFailure != null) {
				err.println("punet: error: " + engineFailure);
				if (debug) e.printStackTrace(err);
				return 2;
			}
			err.println("punet: error: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
			if (debug) e.printStackTrace(err);
			return 1;
		}
	}

	static String usage() {
		StringBuilder b = new StringBuilder(
				"usage: ./punet <subcommand> [flags] | ./punet --mode fit|test|predict [flags]\n\nsubcommands:\n");
		for (Map.Entry<String, Subcommand> e : SUBCOMMANDS.entrySet()) {
			b.append("  ").append(e.getValue().usage()).append('\n');
		}
		b.append("\nexit status: 0 success, 2 bad arguments or input, 3 cancelled, 1 internal error; --debug prints stack traces");
		return b.toString();
	}
}
