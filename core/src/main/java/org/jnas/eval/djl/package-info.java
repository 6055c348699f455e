/**
 * Real training with DJL: {@link org.jnas.eval.djl.NetworkBuilder} turns any architecture into a network
 * (architectures build themselves), {@link org.jnas.eval.djl.TrainingEvaluator} trains and scores it with a seed,
 * per-thread autograd so trials can run in parallel, devices per trial.
 */
package org.jnas.eval.djl;
