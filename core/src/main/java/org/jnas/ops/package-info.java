/**
 * The building blocks spaces choose from, each behind a registry: cell operations ({@link org.jnas.ops.CellOp},
 * {@link org.jnas.ops.Ops}: the DARTS primitives and NAS-Bench-201 ops out of the box) and chain block types
 * ({@link org.jnas.ops.ChainBlock}, {@link org.jnas.ops.ChainBlocks}); {@link org.jnas.ops.CandidateEdge} holds all
 * the candidate ops of one edge, shared by the DARTS supernet and the one-shot supernet. Code outside this package
 * dispatches on an ops {@link org.jnas.ops.OpFamily}, never on its name.
 */
package org.jnas.ops;
