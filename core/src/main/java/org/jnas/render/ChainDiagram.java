package org.jnas.render;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jnas.ops.ChainBlock;
import org.jnas.ops.ChainBlocks;
import org.jnas.space.ChainArchitecture;

/**
 * A chain architecture (global space: MnasNet/ProxylessNAS style) as a left-to-right stack of blocks: the stem,
 * each block with its type, kernel, width and stride, then the pooling-and-classifier head. Blocks are coloured by
 * type; blocks that halve the resolution are marked {@code stride 2}.
 *
 * <pre>{@code
 * var space = Spaces.mobile();
 * ChainDiagram.of(space.freeze(space.sample(new Random(1)))).save(Path.of("chain.png"));
 * }</pre>
 */
public final class ChainDiagram extends Diagram {
    static final Color STEM_FILL = CellDiagram.INPUT_FILL;
    static final Color HEAD_FILL = CellDiagram.OUTPUT_FILL;

    private final String description;

    private ChainDiagram(List<Panel> panels, List<LegendEntry> legend, String description) {
        super(panels, legend, 20, 22, false);
        this.description = description;
    }

    /** The chain, stem to head. */
    public static ChainDiagram of(ChainArchitecture chain) {
        Objects.requireNonNull(chain, "chain");
        var nodes = new ArrayList<NodeSpec>();
        var edges = new ArrayList<EdgeSpec>();
        nodes.add(new NodeSpec("stem", List.of("stem", "conv 3x3", chain.stem() + " ch"), STEM_FILL, true, false));
        String previous = "stem";
        for (int i = 0; i < chain.blocks().size(); i++) {
            ChainArchitecture.Block b = chain.blocks().get(i);
            var lines = new ArrayList<String>();
            lines.add(b.op() + (b.expansion() > 1 ? " e" + b.expansion() : ""));
            lines.add(b.kernel() + "x" + b.kernel());
            lines.add(b.width() + " ch");
            if (b.stride() > 1) {
                lines.add("stride " + b.stride());
            }
            String id = "b" + i;
            nodes.add(new NodeSpec(id, lines, blockFill(b.op()), false, false));
            edges.add(new EdgeSpec(previous, id, null, Style.MUTED, false));
            previous = id;
        }
        nodes.add(new NodeSpec("head", List.of("avg pool", "linear"), HEAD_FILL, false, true));
        edges.add(new EdgeSpec(previous, "head", null, Style.MUTED, false));
        var used = chain.blocks().stream().map(ChainArchitecture.Block::op).distinct().toList();
        var legend = new ArrayList<LegendEntry>();
        for (String op : used) {
            ChainBlock type = ChainBlocks.get(op);
            legend.add(new LegendEntry(type.legend(), type.fill(), true));
        }
        String title = "chain: " + chain.blocks().size() + (chain.blocks().size() == 1 ? " block" : " blocks");
        return new ChainDiagram(List.of(new Panel(title, nodes, edges)), legend, "ChainDiagram " + chain);
    }

    private static Color blockFill(String op) {
        return ChainBlocks.isKnown(op) ? ChainBlocks.get(op).fill() : Style.NONE;
    }

    @Override
    public String describe() {
        return description;
    }
}
