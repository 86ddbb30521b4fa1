/**
 * The entry points shared by the Fiji commands and the standalone command line: request and result
 * records for each operation (their fields mirror the CLI flags of README.md, "Command line"), and the progress and cancel
 * hooks ({@link io.github.punetfiji.Progress}) that every long operation takes.
 *
 * <p>Nothing here knows SciJava, ImageJ or DJL. The engines ({@code train}, {@code infer}) implement the
 * operations; {@code fiji} and {@code cli} only build requests and present results.
 */
package io.github.punetfiji.api;
