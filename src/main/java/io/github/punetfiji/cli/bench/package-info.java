/**
 * The benchmark runner behind {@code ./punet bench} (DESIGN §6: benchmarks are a separate runner, never
 * timed assertions in tests). It lives under {@code cli} because DESIGN §2 gives the command-line layer
 * the benchmark runner: it may use every lower layer ({@code train}, {@code infer}, {@code model},
 * {@code data}) and nothing depends on it. Entry point: {@link io.github.punetfiji.cli.bench.Bench#run}.
 */
package io.github.punetfiji.cli.bench;
