/**
 * The NAS-Bench-201 table as an evaluator: 12-epoch validation accuracy for searching, 200-epoch test accuracy
 * for reporting, and a per-architecture query cost estimated from its FLOPs.
 */
package org.jnas.eval.benchmark;
