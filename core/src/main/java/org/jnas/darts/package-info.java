/**
 * Differentiable architecture search (DARTS) on DJL.
 *
 * <p>Life cycle: a {@link org.jnas.space.DifferentiableSpace} (the DARTS space, NAS-Bench-201, your own cell
 * space; the only way this package learns about a space, never a class check) becomes a
 * {@link org.jnas.darts.Supernet} (each choice edge a {@link org.jnas.darts.MixedOp} over the space's own
 * candidates, alphas kept apart from the weights); {@link org.jnas.darts.BilevelStep} alternates architecture
 * steps (first or second order) and weight steps; {@link org.jnas.darts.DartsSearch} runs epochs with the
 * memory check, PC-DARTS' warm-up (architecture frozen at first, on with partial channels), the DARTS+ early stop
 * (which returns the cell derived before skip connections took over) and interruption, and returns a
 * {@link org.jnas.darts.DartsResult} whose architecture is a sample of the searched space
 * ({@link org.jnas.darts.Derivation} applies DARTS's rules).
 */
package org.jnas.darts;
