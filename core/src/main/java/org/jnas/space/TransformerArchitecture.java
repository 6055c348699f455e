package org.jnas.space;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.TransformerNetwork;
import org.jnas.render.Picture;
import org.jnas.render.TransformerDiagram;

/**
 * A frozen vision transformer: an optional conv stem ({@code stem} channels, 0 for none), {@code patch x patch}
 * patches embedded to {@code width} channels plus a learned position embedding, the encoder layers in order, then
 * layer norm, mean over the tokens and a linear classifier (added by the network builder).
 */
public record TransformerArchitecture(Sample sample, int stem, int patch, int width, List<Layer> layers)
        implements Architecture {

    /**
     * One pre-norm encoder layer: {@code x + attention(norm(x))}, then {@code x + mlp(norm(x))}.
     *
     * @param heads    attention heads (each sees width/heads channels)
     * @param mlpRatio the MLP's hidden width over the embedding width
     */
    public record Layer(int heads, double mlpRatio) {
        /** The MLP's hidden units at embedding width {@code width}. */
        public int hidden(int width) {
            return (int) Math.round(mlpRatio * width);
        }

        @Override
        public String toString() {
            return heads + "h mlp" + ratioText(mlpRatio);
        }
    }

    public TransformerArchitecture {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new SpaceDefinitionException("a transformer needs at least one layer");
        }
    }

    public int depth() {
        return layers.size();
    }

    static String ratioText(double r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : String.format(Locale.ROOT, "%.2g", r);
    }

    @Override
    public String toString() {
        return (stem > 0 ? "stem " + stem + " -> " : "") + "patch " + patch + " -> width " + width + " -> ["
                + String.join(", ", layers.stream().map(Layer::toString).toList()) + "]";
    }

    /** {@link TransformerNetwork}: patches (after the optional stem), the encoder layers, mean over tokens, head. */
    @Override
    public ai.djl.nn.Block network(NetworkBuilder settings) {
        return TransformerNetwork.build(this, new Shape(settings.inputChannels(), settings.height(), settings.width()),
                settings.classes());
    }

    /** The layer stack with widths and heads. */
    @Override
    public Picture picture() {
        return TransformerDiagram.of(this);
    }
}
