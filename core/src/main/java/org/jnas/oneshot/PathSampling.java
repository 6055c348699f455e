package org.jnas.oneshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import org.jnas.space.Architecture;
import org.jnas.space.Choice;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;

/**
 * Which paths of a supernet one training step updates. Every rule draws from a seeded generator, so a seeded
 * supernet training is reproducible. Several paths in a step means their gradients accumulate on the shared
 * weights and one optimizer step follows (each weight moves once per step, whichever paths used it).
 */
public enum PathSampling {
    /**
     * SPOS (Guo et al., 2020): one uniformly random architecture of the space per batch. For the DARTS space this
     * draws a uniformly random genotype (two inputs per node), not independent edges.
     */
    UNIFORM,
    /**
     * FairNAS (Chu et al., 2021), strict fairness: with n candidates per edge, each batch trains n paths in which
     * every edge runs each of its candidates exactly once (an independent random permutation per edge), gradients
     * accumulated, then one step. As in the paper, all n paths see the same batch. Needs independent choices (a
     * CellSpace or ChainSpace); it costs n forward/backward passes per batch. In a chain space, where choices have
     * different numbers of options, a choice with fewer options than n cycles through its permutation.
     */
    FAIR,
    /**
     * The sandwich rule (Yu et al., BigNAS / slimmable networks): each batch trains the largest path (every edge its
     * candidate with the most weights), the smallest and two uniformly random ones, gradients accumulated, then one
     * step. Unlike BigNAS there is no in-place distillation: every path learns from the labels. Needs independent
     * choices (a CellSpace or ChainSpace; for a chain the largest path is every stage at its most blocks, widest
     * width, largest kernel and expansion).
     */
    SANDWICH;

    /** The paths (architectures) of the next training step. */
    List<Architecture> paths(OneShotSupernet net, Random rng) {
        return switch (this) {
            case UNIFORM -> List.of(uniform(net.space(), rng));
            case FAIR -> fair(net.space(), rng);
            case SANDWICH -> List.of(net.extreme(true), net.extreme(false), uniform(net.space(), rng),
                    uniform(net.space(), rng));
        };
    }

    /** Refuses a rule the space cannot follow, before any training. */
    void check(SearchSpace space) {
        if (this != UNIFORM && !OneShotSupernet.independentChoices(space)) {
            throw new IllegalArgumentException(name().toLowerCase(java.util.Locale.ROOT) + " path sampling needs every"
                    + " choice to take its options independently (a CellSpace, ChainSpace or TransformerSpace); space '"
                    + space.name()
                    + "' ties them together (a DARTS genotype picks two inputs per node). Use PathSampling.UNIFORM.");
        }
    }

    /** A uniformly random architecture of the space (SPOS). */
    private static Architecture uniform(SearchSpace space, Random rng) {
        return space.freeze(space.sample(rng));
    }

    /**
     * FairNAS over the space's choices: with n the most options any choice has, n architectures in which every
     * choice takes each of its options once (a choice with fewer options cycles through an independent random
     * permutation of them). For a cell space the choices are the edges and the options their ops.
     */
    private static List<Architecture> fair(SearchSpace space, Random rng) {
        List<Choice> choices = space.choices();
        int n = choices.stream().mapToInt(c -> c.options().size()).max().orElse(1);
        int[][] perms = new int[choices.size()][];
        for (int c = 0; c < perms.length; c++) {
            perms[c] = permutation(choices.get(c).options().size(), rng);
        }
        var out = new ArrayList<Architecture>();
        for (int i = 0; i < n; i++) {
            var values = new LinkedHashMap<String, Object>();
            for (int c = 0; c < perms.length; c++) {
                values.put(choices.get(c).label(), choices.get(c).options().get(perms[c][i % perms[c].length]));
            }
            out.add(space.freeze(Sample.of(values)));
        }
        return out;
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
