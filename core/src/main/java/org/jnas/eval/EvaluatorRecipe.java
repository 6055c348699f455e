package org.jnas.eval;

import java.io.Serializable;

/**
 * A small serializable description that rebuilds an {@link Evaluator} in another JVM (a Spark executor), where it
 * reads its data itself: settings and a data set's path travel, never the images. Get one from
 * {@link Evaluator#shippable()}.
 *
 * <h2>Writing one (checklist)</h2>
 * <ol>
 *   <li>Hold only settings and paths (records, strings, numbers, enums); no arrays of data, no DJL objects.</li>
 *   <li>{@link #rebuild} gives an evaluator that returns the same metrics for the same architecture, fidelity and
 *       seed as the original (on the same kind of device and thread count).</li>
 *   <li>When the data or a library is missing where it rebuilds, throw an exception whose message names the path
 *       or library and how to provide it: the executor reports it on the first trial.</li>
 *   <li>Override {@link Evaluator#shippable()} in the evaluator to return it.</li>
 * </ol>
 */
public interface EvaluatorRecipe extends Serializable {

    /**
     * Builds the evaluator here.
     *
     * @param gpus the GPU ids this JVM's trial was given (a cluster's resource scheduling); empty: the
     *             evaluator's own choice of devices
     */
    Evaluator rebuild(int[] gpus);
}
