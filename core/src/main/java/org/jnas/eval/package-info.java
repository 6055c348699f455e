/**
 * How a candidate is scored: the {@link org.jnas.eval.Evaluator} contract (the checklist is there) and its
 * factories ({@link org.jnas.eval.Evaluators}): real DJL training ({@code djl}), NAS-Bench-201 lookups
 * ({@code benchmark}), weight sharing ({@code org.jnas.oneshot}), zero-cost proxies ({@code org.jnas.proxy});
 * costs (params, MACs, latency with its noise, peak memory) in {@code cost}; a training {@link
 * org.jnas.eval.Recipe} shared by searches, baselines and clusters.
 */
package org.jnas.eval;
