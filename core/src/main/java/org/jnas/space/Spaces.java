package org.jnas.space;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jnas.ops.Ops;
import org.jnas.util.Json;

/** The ready-made search spaces, and the JSON form of any space. */
public final class Spaces {
    private Spaces() {
    }

    /** NAS-Bench-201: one input node, 3 intermediate nodes, 6 edges, 5 ops; output is the last node. 15,625 cells. */
    public static CellSpace nasBench201() {
        return new CellSpace("nasbench201", 1, 3, Ops.NASBENCH201_OPS, null, "last");
    }

    /** The DARTS space: normal and reduction cells, 4 nodes with 2 inputs each, 7 ops (none is the supernet's). */
    public static DartsSpace darts() {
        return DartsSpace.standard();
    }

    /**
     * A small hardware-aware chain space sized for 28x28 inputs: three stages (the last two halve the resolution),
     * each choosing depth 1-2, width, kernel 3/5, block type conv/dwsep/mbconv and expansion 3/6.
     */
    public static ChainSpace mobile() {
        return ChainSpace.builder("mobile").stem(16)
                .stage(s -> s.depths(1, 2).widths(16, 24).kernels(3, 5).ops("conv", "dwsep", "mbconv")
                        .expansions(3, 6))
                .stage(s -> s.depths(1, 2).widths(32, 48).kernels(3, 5).ops("conv", "dwsep", "mbconv")
                        .expansions(3, 6).stride(2))
                .stage(s -> s.depths(1, 2).widths(64, 96).kernels(3, 5).ops("conv", "dwsep", "mbconv")
                        .expansions(3, 6).stride(2))
                .build();
    }

    /**
     * A tiny vision-transformer space for 28x28 inputs that trains in seconds on 2 CPU cores: no stem or an 8-channel
     * conv stem, patches of 4 or 7 pixels (49 or 16 tokens), width 16/32/48, 1-3 layers, each with 1/2/4 heads and
     * MLP ratio 1/2/4.
     */
    public static TransformerSpace vit() {
        return TransformerSpace.builder("vit").stems(0, 8).patches(4, 7).widths(16, 32, 48).depths(1, 2, 3)
                .heads(1, 2, 4).mlpRatios(1.0, 2.0, 4.0).build();
    }

    /** The JSON form of a space (with its {@code "type"}), readable by {@link #fromJson}. */
    public static String toJson(SearchSpace space) {
        return Json.write(space, SearchSpace.class);
    }

    /** Reads a space from its JSON form; a malformed definition fails naming the problem. */
    public static SearchSpace fromJson(String json) {
        return Json.read(json, SearchSpace.class);
    }

    public static SearchSpace fromJson(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read search space file " + file + ": " + e.getMessage(), e);
        }
    }
}
