/**
 * One-shot (weight-sharing) evaluation: one supernet trained once scores every architecture of a cell, chain or
 * transformer space with the weights it inherits.
 * <ul>
 *   <li>{@link org.jnas.oneshot.OneShotSupernet}: the one contract every supernet meets (set a path, forward, the
 *       path's parameters and BatchNorm statistics, extract a stand-alone network with the inherited weights), with
 *       the checklist for adding one. {@link org.jnas.oneshot.CellSupernet}: every candidate op of every edge (the
 *       shared {@link org.jnas.ops.CandidateEdge}, also under DARTS' mixed op). {@link org.jnas.oneshot.ChainSupernet}:
 *       Once-for-All-style elastic depth, width, kernel and expansion for a chain space, each block type through
 *       its {@link org.jnas.oneshot.ElasticBlock} form (built-in ones in {@link org.jnas.oneshot.ElasticBlocks},
 *       made of {@link org.jnas.oneshot.SlicedConv} and {@link org.jnas.oneshot.SlicedNorm} layers).
 *       {@link org.jnas.oneshot.TransformerSupernet}: AutoFormer-style entangled widths, heads, MLP ratios and depths
 *       for a transformer space.</li>
 *   <li>{@link org.jnas.oneshot.PathSampling}: which paths a training step trains (SPOS uniform, FairNAS, sandwich).</li>
 *   <li>{@link org.jnas.oneshot.OneShotEvaluator}: the {@link org.jnas.eval.Evaluator} every strategy uses
 *       ({@code Evaluators.oneShot(space, data)}); memory check ({@link org.jnas.oneshot.OneShotMemory}), supernet
 *       training charged once ({@code setupCostSeconds}), BatchNorm recalibration per candidate.</li>
 *   <li>{@link org.jnas.oneshot.RetrainedTop}: a one-shot search's top k re-trained stand-alone with seeds, both
 *       rankings and their Kendall tau.</li>
 *   <li>{@link org.jnas.oneshot.GroundTruth}: cached stand-alone accuracies of a whole small space (benchmark B5).</li>
 * </ul>
 */
package org.jnas.oneshot;
