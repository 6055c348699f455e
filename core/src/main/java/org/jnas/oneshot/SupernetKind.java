package org.jnas.oneshot;

import ai.djl.ndarray.NDManager;
import org.jnas.darts.SupernetShape;
import org.jnas.space.SearchSpace;

/**
 * One kind of space that weight sharing knows: which spaces it serves, how their options share weights, what that
 * costs in memory. The one-shot code asks {@link SupernetKinds#of} for the kind of a space and never checks a
 * space's class itself. Built in: {@code "cell"} (cell and DARTS spaces: every edge holds all its candidate ops),
 * {@code "chain"} (elastic stages, as in Once-for-All) and {@code "transformer"} (entangled widths, heads and
 * depths, as in AutoFormer).
 *
 * <h2>To add weight sharing for a new kind of space</h2>
 * <ol>
 *   <li>Write its {@link OneShotSupernet} (that interface's checklist: paths, extraction, tests).</li>
 *   <li>Implement this interface: {@link #serves} recognizes the space (its own space type, nothing else);
 *       {@link #requireShareable} refuses, naming the choice, an option without an exact shared form, before
 *       anything is allocated; {@link #memory} estimates weights of every option plus the activations of the
 *       largest path; {@link #independentChoices} says whether any choice can take any option whatever the others
 *       took (FairNAS and the sandwich rule need that).</li>
 *   <li>Register it: {@code SupernetKinds.register("name", kind)} (a static block, or a notebook cell).</li>
 * </ol>
 */
public interface SupernetKind {

    /** Whether this kind shares the weights of {@code space}. */
    boolean serves(SearchSpace space);

    /** Refuses, naming a choice, a space of this kind with an option that has no exact shared form. */
    void requireShareable(SearchSpace space);

    /** The supernet, weights initialized from {@code seed}. */
    OneShotSupernet create(SearchSpace space, SupernetShape shape, long seed, NDManager manager);

    /** Memory of training the supernet at {@code batch}, from the sizes alone. */
    OneShotMemory memory(SearchSpace space, SupernetShape shape, int batch);

    /** The supernet's skeleton in words, for an evaluator's description. */
    String skeleton(SearchSpace space, SupernetShape shape);

    /** Whether every choice of the space is independent of the others. */
    boolean independentChoices(SearchSpace space);
}
