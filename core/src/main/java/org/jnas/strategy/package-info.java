/**
 * Search strategies as ask/tell objects ({@link org.jnas.strategy.Strategy}, checklist there): random search,
 * regularized evolution, NSGA-II, successive halving, Hyperband, REINFORCE, predictor search; objectives,
 * constraints and Pareto fronts. Strategies never see evaluators, threads or files.
 */
package org.jnas.strategy;
