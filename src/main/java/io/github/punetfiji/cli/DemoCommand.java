package io.github.punetfiji.cli;

import io.github.punetfiji.PunetException;
import io.github.punetfiji.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./punet demo [--out DIR] [--data DIR] [--body FILE] [--prompt_steps N] [--from_scratch] [--quick]}: the paper's
 * experiment on the bundled sample data. The last two subjects are held out for testing. By default the pre-trained
 * body bundled with the sample data ({@code sample-data/body/model.punet}: a {@code small} PUNet pre-trained by this
 * project's own {@code fit} on the other six subjects, {@code meta_self}: CPA self-supervision plus segmentation of the
 * base classes liver, kidney_left, aorta, stomach, vertebra; its command and losses are recorded next to it) segments
 * the base classes of the held-out subjects; the frozen body is then prompt-tuned to kidney_right, a class it never
 * saw, from the labels of two subjects with the prompt-tuning defaults, and segments it: a few minutes on two cores.
 * {@code --from_scratch} pre-trains the body first ({@code --pretrain_steps}, 1,000 by default), as the full method
 * does. Every stage is the same code as the corresponding {@code ./punet} mode; prints one JSON summary line.
 * NB: to fit a CPU budget the pre-training's learning rates are 10x the reference's and prompt tuning keeps this port's
 * downstream defaults (prompt learning rate, mean initialisation, class weights from the labels, a schedule over the
 * run's steps; README); 4 tokens per prompt keep prompt tuning under 1 % of the parameters, as in the paper. Prompt
 * tuning keeps batch-norm statistics and shared bias weights frozen, so the base classes' predictions do not change
 * (see docs/experiments.md).
 */
final class DemoCommand implements Subcommand {
	/** Runs one command line of this CLI ({@link Main#run}): the demo is a script of them. */
	interface Cli {
		int run(String[] argv, PrintStream out, PrintStream err);
	}

	private final Cli cli;

	DemoCommand(Cli cli) {
		this.cli = cli;
	}

	static final String BASE = "1,3,5,6,7";
	static final String NEW_CLASS = "4";
	/** Prompt-tuning steps from the bundled body: what fits the demo into five minutes on two cores (README). */
	static final int PROMPT_STEPS = 400;

	@Override
	public int run(Args args, PrintStream out) throws IOException {
		return run(args, out, System.err);
	}

	@Override
	public int run(Args args, PrintStream out, PrintStream err) throws IOException {
		Path dir = args.path("out", Paths.get("demo-out"));
		Path data = args.path("data", Paths.get("sample-data"));
		boolean quick = args.flag("quick");
		boolean fromScratch = args.flag("from_scratch") || quick;
		boolean baseTest = args.flag("base_test");
		double overlap = args.number("sliding_window_overlap", 0.5);
		Path bundled = args.path("body", data.resolve("body").resolve("model.punet"));
		int steps = args.integer("pretrain_steps", quick ? 4 : 1000);
		int promptSteps = args.integer("prompt_steps", quick ? 3 : PROMPT_STEPS);
		String preset = args.choice("preset", quick ? "tiny" : "small", "tiny", "small", "2d");
		String device = args.string("device", "auto");
		args.finish();
		if (steps < 1 || promptSteps < 1) throw new PunetException("--pretrain_steps and --prompt_steps need 1 or more");
		if (!fromScratch && !Files.isRegularFile(bundled)) {
			throw new PunetException("no pre-trained body " + bundled + " (it comes with the repository's sample-data/body/); "
					+ "give --body FILE, or --from_scratch to pre-train one first (about 20 minutes on two cores)");
		}
		Path images = data.resolve("images");
		Path labels = data.resolve("labels");
		List<Path> subjects = list(images);
		if (subjects.size() < 4)
			throw new PunetException("--data " + data + " needs at least 4 subjects in images/ (with labels/), found " + subjects.size());
		// 1. split (copies: the inputs stay untouched)
		Path train = dir.resolve("data/train");
		Path test = dir.resolve("data/test");
		for (int i = 0; i < subjects.size(); i++) {
			Path to = i < subjects.size() - 2 ? train : test;
			copy(subjects.get(i), to.resolve("images"));
			copy(labels.resolve(subjects.get(i).getFileName()), to.resolve("labels"));
		}
		for (Path p : new Path[] {train, test}) {
			if (Files.exists(data.resolve("labels.json")))
				Files.copy(data.resolve("labels.json"), p.resolve("labels.json"), StandardCopyOption.REPLACE_EXISTING);
		}
		// 2. the body: pre-trained here with segmentation supervision on the base classes, or the bundled one
		Path body;
		if (fromScratch) {
			err.println("punet: demo: " + (subjects.size() - 2) + " subjects for training, 2 held out; pre-training " + steps
					+ " steps (" + preset + ")");
			stage(err, "--mode", "fit", "--dir_images", s(train.resolve("images")), "--dir_masks", s(train.resolve("labels")), "--out",
					s(dir.resolve("pretrain")), "--overwrite", "--preset", preset, "--tokens_per_instruction", "4", "--loss", "meta_self",
					"--label_indices_base", BASE, "--max_steps", Integer.toString(steps), "--batch_size", "4", "--learning_rate", "0.001",
					"--learning_rate_instructions", "0.01", "--seed", "1", "--device", device);
			body = dir.resolve("pretrain/model.punet");
		} else {
			err.println("punet: demo: the pre-trained body " + bundled + "; " + (subjects.size() - 2)
					+ " subjects for prompt tuning (2 of them labelled), 2 held out (--from_scratch pre-trains one first)");
			body = bundled;
		}
		// NB: scoring the five base classes of the held-out subjects takes about 9 minutes on two cores (864 windows); from
		// the bundled body the demo reports the validation the body recorded on the same subjects instead (--base_test scores
		// them here)
		String base = null;
		if (fromScratch || baseTest) {
			err.println("punet: demo: segmenting the base classes of the held-out subjects");
			base = stage(err, "--mode", "test", "--ckpt", s(body), "--dir_images", s(test.resolve("images")), "--dir_masks",
					s(test.resolve("labels")), "--out", s(dir.resolve("test-base")), "--label_indices_base", BASE, "--device", device);
		}
		// 3. prompt tuning of a class the model never saw, from two labelled subjects, with the downstream defaults
		err.println("punet: demo: prompt-tuning class " + NEW_CLASS + " (never seen) from the labels of 2 subjects, " + promptSteps
				+ " steps");
		stage(err, "--mode", "fit", "--downstream", "--selective_freezing", "--adaptation_variant", "prompting", "--ckpt", s(body),
				"--dir_images", s(train.resolve("images")), "--dir_masks", s(train.resolve("labels")), "--out",
				s(dir.resolve("prompt-tuned")), "--overwrite", "--label_indices_downstream_active", NEW_CLASS, "--num_annotated", "2",
				"--max_steps", Integer.toString(promptSteps), "--batch_size", "4", "--loss", "meta", "--seed", "1", "--device", device);
		// 4. segmentation and scores on the held-out subjects
		err.println("punet: demo: segmenting and scoring the held-out subjects");
		String summary = stage(err, "--mode", "test", "--ckpt", s(dir.resolve("prompt-tuned/model.punet")), "--dir_images",
				s(test.resolve("images")), "--dir_masks", s(test.resolve("labels")), "--out", s(dir.resolve("test")),
				"--label_indices_downstream_active", NEW_CLASS, "--sliding_window_overlap", Double.toString(overlap), "--device", device);
		Map<String, Object> result = new LinkedHashMap<>(Json.parseObject(summary.trim(), "test summary"));
		result.put("new_class", Integer.parseInt(NEW_CLASS));
		result.put("base_classes", BASE);
		if (base != null) {
			Map<String, Object> baseResult = Json.parseObject(base.trim(), "base summary");
			result.put("base_mean_dice", baseResult.get("mean_dice"));
			result.put("base_per_class", baseResult.get("per_class"));
		} else {
			// NB: what the body's own training measured on the same held-out subjects (best.punet's provenance)
			Object v = io.github.punetfiji.api.Punet.modelInfo(body).get("validation");
			result.put("base_validation", v);
		}
		result.put("sliding_window_overlap", overlap);
		result.put("body", fromScratch ? "pre-trained here, " + steps + " steps" : body.toString());
		result.put("out", dir.toString());
		out.println(Json.write(result));
		return 0;
	}

	/** Runs one stage through the CLI entry; its JSON line is returned, its progress goes to stderr. */
	private String stage(PrintStream err, String... argv) {
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		int rc = cli.run(argv, new PrintStream(buf, true, StandardCharsets.UTF_8), err);
		if (rc != 0)
			throw new PunetException("demo stage '" + String.join(" ", argv[0], argv[1]) + "' failed (exit " + rc + ", see above)");
		String text = buf.toString(StandardCharsets.UTF_8).trim();
		return text.substring(text.lastIndexOf('\n') + 1);
	}

	private static List<Path> list(Path images) throws IOException {
		if (!Files.isDirectory(images))
			throw new PunetException("no images folder " + images + "; run from the repository root or pass --data");
		try (Stream<Path> s = Files.list(images)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".nii.gz")).sorted().collect(Collectors.toCollection(ArrayList::new));
		}
	}

	private static void copy(Path file, Path dir) throws IOException {
		if (!Files.isRegularFile(file)) throw new PunetException("missing " + file + " (every image needs a label image of the same name)");
		Files.createDirectories(dir);
		Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
	}

	private static String s(Path p) {
		return p.toString();
	}

	@Override
	public String usage() {
		return "demo [--out DIR] [--data DIR] [--body FILE] [--prompt_steps N] [--base_test] [--sliding_window_overlap F]\n"
				+ "     [--from_scratch [--pretrain_steps N]] [--quick]\n"
				+ "                                 prompt-tune a new class from the bundled pre-trained body (or pre-train one first), "
				+ "test:"
				+ " the end-to-end demo";
	}
}
