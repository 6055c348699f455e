package org.jnas.space;

import java.util.List;
import org.jnas.eval.djl.ChainNetwork;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.render.ChainDiagram;
import org.jnas.render.Picture;

/**
 * A frozen chain: a stem convolution with {@code stem} channels, then blocks in order, then global average pooling
 * and a linear classifier (added by the network builder).
 */
public record ChainArchitecture(Sample sample, int stem, List<Block> blocks) implements Architecture {

    /**
     * One block.
     *
     * @param op        {@code conv}, {@code dwsep}, {@code mbconv} or {@code resblock}
     * @param width     output channels
     * @param kernel    kernel size (odd)
     * @param stride    1 or 2
     * @param expansion expansion ratio of an {@code mbconv} block (1 for the others)
     */
    public record Block(String op, int width, int kernel, int stride, int expansion) {
        @Override
        public String toString() {
            return op + (expansion > 1 ? "(e" + expansion + ")" : "") + " " + kernel + "x" + kernel + " "
                    + width + (stride > 1 ? " /" + stride : "");
        }
    }

    public ChainArchitecture {
        blocks = List.copyOf(blocks);
    }

    @Override
    public String toString() {
        return "stem " + stem + " -> " + String.join(" -> ", blocks.stream().map(Block::toString).toList());
    }

    /** {@link ChainNetwork}: stem, the blocks in order, global pooling and the classifier. */
    @Override
    public ai.djl.nn.Block network(NetworkBuilder settings) {
        return ChainNetwork.build(this, settings.classes());
    }

    /** The block stack. */
    @Override
    public Picture picture() {
        return ChainDiagram.of(this);
    }
}
