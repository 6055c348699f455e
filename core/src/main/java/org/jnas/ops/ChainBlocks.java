package org.jnas.ops;

import java.awt.Color;
import java.util.List;
import org.jnas.eval.djl.ChainNetwork;
import org.jnas.oneshot.ElasticBlocks;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.util.Registry;

/**
 * The registry of chain block types: {@code conv}, {@code dwsep}, {@code mbconv} and {@code resblock} out of the
 * box, each with its elastic form for one-shot evaluation; {@link #register} adds yours (the checklist is on
 * {@link ChainBlock}). Chain spaces check their block names
 * here when they are built, so a typo fails at definition time.
 */
public final class ChainBlocks {
    private static final Registry<ChainBlock> REGISTRY = new Registry<>("chain block type",
            "ChainBlocks.register(new ChainBlock(name, legend, usesExpansion, fill, factory))",
            SpaceDefinitionException::new);

    static {
        register(new ChainBlock("conv", "conv: conv-BN-ReLU", false, new Color(0xAD, 0xD8, 0xE6),
                (in, out, k, s, e) -> ChainNetwork.convBnRelu(out, k, s))
                .withElastic(ElasticBlocks::conv));
        register(new ChainBlock("dwsep", "dwsep: depthwise + pointwise", false, new Color(0xD8, 0xC8, 0xF0),
                (in, out, k, s, e) -> ChainNetwork.depthwiseSeparable(in, out, k, s))
                .withElastic(ElasticBlocks::depthwiseSeparable));
        register(new ChainBlock("mbconv", "mbconv eN: inverted residual, expansion N", true,
                new Color(0xF6, 0xCF, 0xB0), ChainNetwork::invertedResidual)
                .withElastic(ElasticBlocks::invertedResidual));
        register(new ChainBlock("resblock", "resblock: ResNet basic block (2 convs + shortcut)", false,
                new Color(0xC4, 0xE6, 0xC1), (in, out, k, s, e) -> ChainNetwork.basicResidual(in, out, k, s))
                .withElastic(ElasticBlocks::basicResidual));
    }

    private ChainBlocks() {
    }

    /** Adds (or replaces) a block type; its name becomes valid in every chain space. */
    public static void register(ChainBlock block) {
        REGISTRY.register(block.name(), block);
    }

    /** The block type named {@code name}, or a {@link SpaceDefinitionException} naming the known ones. */
    public static ChainBlock get(String name) {
        return REGISTRY.get(name);
    }

    public static boolean isKnown(String name) {
        return REGISTRY.contains(name);
    }

    /** The registered names, in registration order. */
    public static List<String> names() {
        return REGISTRY.names();
    }
}
