package org.jnas.render;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jnas.space.TransformerArchitecture;

/**
 * A vision transformer as a left-to-right stack, drawn like {@link ChainDiagram}: the optional conv stem, the patch
 * embedding (patch size, tokens, width), each encoder layer with its heads (and channels per head) and MLP width,
 * then the head. Layers are shaded by their head count, so a layer-wise search's differences show at a glance.
 *
 * <pre>{@code
 * var space = Spaces.vit();
 * TransformerDiagram.of(space.freeze(space.sample(new Random(1)))).save(Path.of("vit.png"));
 * }</pre>
 */
public final class TransformerDiagram extends Diagram {
    static final Color EMBED_FILL = new Color(0xAD, 0xD8, 0xE6);
    /** Layer fills by head count: 1, 2, 4, 8+ heads (lighter to darker). */
    static final List<Color> LAYER_FILLS = List.of(new Color(0xFB, 0xE3, 0xC8), new Color(0xF6, 0xCF, 0xB0),
            new Color(0xEE, 0xB0, 0x86), new Color(0xE0, 0x8E, 0x62));

    private final String description;

    private TransformerDiagram(List<Panel> panels, List<LegendEntry> legend, String description) {
        super(panels, legend, 20, 22, false);
        this.description = description;
    }

    /** The transformer for 28x28 images (the token count shown assumes that side). */
    public static TransformerDiagram of(TransformerArchitecture vit) {
        return of(vit, 28, 28);
    }

    /** The transformer for {@code height x width} images. */
    public static TransformerDiagram of(TransformerArchitecture vit, int height, int width) {
        Objects.requireNonNull(vit, "transformer");
        var nodes = new ArrayList<NodeSpec>();
        var edges = new ArrayList<EdgeSpec>();
        String previous;
        nodes.add(new NodeSpec("input", List.of("input", height + "x" + width), ChainDiagram.STEM_FILL, true, false));
        previous = "input";
        if (vit.stem() > 0) {
            nodes.add(new NodeSpec("stem", List.of("conv stem", "3x3", vit.stem() + " ch"), org.jnas.ops.ChainBlocks.get("conv").fill(),
                    false, false));
            edges.add(new EdgeSpec(previous, "stem", null, Style.MUTED, false));
            previous = "stem";
        }
        int tokens = (height / vit.patch()) * (width / vit.patch());
        nodes.add(new NodeSpec("patches", List.of("patches " + vit.patch() + "x" + vit.patch(), tokens + " tokens",
                "width " + vit.width()), EMBED_FILL, false, false));
        edges.add(new EdgeSpec(previous, "patches", null, Style.MUTED, false));
        previous = "patches";
        for (int i = 0; i < vit.layers().size(); i++) {
            TransformerArchitecture.Layer l = vit.layers().get(i);
            String id = "l" + i;
            nodes.add(new NodeSpec(id, List.of("layer " + (i + 1), l.heads() + (l.heads() == 1 ? " head" : " heads")
                    + " x " + vit.width() / l.heads(), "MLP " + l.hidden(vit.width()) + " (x"
                    + ratio(l.mlpRatio()) + ")"), fill(l.heads()), false, false));
            edges.add(new EdgeSpec(previous, id, null, Style.MUTED, false));
            previous = id;
        }
        nodes.add(new NodeSpec("head", List.of("LayerNorm", "mean of tokens", "linear"), ChainDiagram.HEAD_FILL,
                false, true));
        edges.add(new EdgeSpec(previous, "head", null, Style.MUTED, false));
        var legend = new ArrayList<LegendEntry>();
        vit.layers().stream().map(TransformerArchitecture.Layer::heads).distinct().sorted().forEach(h ->
                legend.add(new LegendEntry("layer with " + h + (h == 1 ? " head" : " heads")
                        + ": x + attention(LN x), then x + MLP(LN x)", fill(h), true)));
        String title = "transformer: " + vit.depth() + (vit.depth() == 1 ? " layer" : " layers") + ", width "
                + vit.width();
        return new TransformerDiagram(List.of(new Panel(title, nodes, edges)), legend, "TransformerDiagram " + vit);
    }

    private static Color fill(int heads) {
        int i = heads <= 1 ? 0 : heads <= 2 ? 1 : heads <= 4 ? 2 : 3;
        return LAYER_FILLS.get(i);
    }

    private static String ratio(double r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : Double.toString(r);
    }

    @Override
    public String describe() {
        return description;
    }
}
