/**
 * The {@code ./jnas} command line: {@code search SPEC.json} ({@link org.jnas.cli.SearchSpec}, evaluator kinds in
 * {@link org.jnas.cli.EvaluatorKinds}), {@code bench NAME} (the benchmarks of BENCHMARKS.md, each printing
 * {@code NAME key=value} lines), {@code warmup}, {@code pictures}. Applications live here, not in the library
 * packages.
 */
package org.jnas.cli;
