package org.jnas.oneshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
     * accumulated, then one step. As in the paper, all n paths see the same batch. Needs independent edges (a
     * CellSpace); it costs n forward/backward passes per batch.
     */
    FAIR,
    /**
     * The sandwich rule (Yu et al., BigNAS / slimmable networks): each batch trains the largest path (every edge its
     * candidate with the most weights), the smallest and two uniformly random ones, gradients accumulated, then one
     * step. Unlike BigNAS there is no in-place distillation: every path learns from the labels. Needs independent
     * edges (a CellSpace).
     */
    SANDWICH;

    /** The paths of the next training step. */
    List<Map<String, int[]>> paths(OneShotSupernet net, Random rng) {
        return switch (this) {
            case UNIFORM -> List.of(net.uniformPath(rng));
            case FAIR -> fair(net, rng);
            case SANDWICH -> List.of(net.extremePath(true), net.extremePath(false), net.uniformPath(rng),
                    net.uniformPath(rng));
        };
    }

    /** Refuses a rule the space cannot follow, before any training. */
    void check(OneShotSupernet net) {
        if (this != UNIFORM && !net.edgesIndependent()) {
            throw new IllegalArgumentException(name().toLowerCase(java.util.Locale.ROOT) + " path sampling needs every"
                    + " edge to choose its op independently (a CellSpace); space '" + net.space().name() + "' ties"
                    + " edges together (a DARTS genotype picks two inputs per node). Use PathSampling.UNIFORM.");
        }
    }

    private static List<Map<String, int[]>> fair(OneShotSupernet net, Random rng) {
        int n = net.cellTypes().values().stream().mapToInt(t -> t.candidates().size()).max().orElse(1);
        var perms = new LinkedHashMap<String, int[][]>();
        for (var t : net.cellTypes().values()) {
            int[][] p = new int[t.edges().size()][];
            for (int e = 0; e < p.length; e++) {
                p[e] = permutation(t.candidates().size(), rng);
            }
            perms.put(t.name(), p);
        }
        var out = new ArrayList<Map<String, int[]>>();
        for (int i = 0; i < n; i++) {
            var path = new LinkedHashMap<String, int[]>();
            for (var e : perms.entrySet()) {
                int[] chosen = new int[e.getValue().length];
                for (int edge = 0; edge < chosen.length; edge++) {
                    int[] perm = e.getValue()[edge];
                    chosen[edge] = perm[i % perm.length];
                }
                path.put(e.getKey(), chosen);
            }
            out.add(path);
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
