package org.jnas.eval.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.PointwiseFeedForwardBlock;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.jnas.ops.Ops;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.space.TransformerArchitecture;

/**
 * Turns a {@link TransformerArchitecture} into a DJL network, a small ViT (Dosovitskiy et al. 2021):
 * <ol>
 *   <li>optional stem: 3x3 conv-BN-ReLU with {@code stem} channels at full resolution (a hybrid ViT);</li>
 *   <li>patch embedding: a {@code patch x patch} convolution with stride {@code patch} to {@code width} channels,
 *       flattened to {@code (batch, tokens, width)}, plus a learned position embedding;</li>
 *   <li>pre-norm encoder layers, as ViT: {@code x + attention(LN(x))}, then {@code x + MLP(LN(x))}, with DJL's
 *       {@link ScaledDotProductAttentionBlock} (multi-head self-attention with output projection) and
 *       {@link PointwiseFeedForwardBlock} (linear, GELU, linear);</li>
 *   <li>head: LayerNorm, mean over the tokens, linear.</li>
 * </ol>
 * How it differs from ViT, and why: the head averages the tokens instead of reading a class token (as DeiT-style
 * and many small ViTs do; one fewer parameter to search around), and there is no dropout (runs are one or two epochs).
 * DJL's own {@code TransformerEncoderBlock} is not used because it normalizes with BatchNorm after each residual
 * sum (post-norm), while ViTs use LayerNorm before each sub-layer; its attention and MLP blocks are used as they are.
 */
public final class TransformerNetwork {
    private TransformerNetwork() {
    }

    /** The whole network for images of shape {@code (C, H, W)} and {@code classes} outputs. */
    public static Block build(TransformerArchitecture arch, Shape image, int classes) {
        long h = image.get(1);
        long w = image.get(2);
        if (h % arch.patch() != 0 || w % arch.patch() != 0) {
            throw new SpaceDefinitionException("patch " + arch.patch() + " does not divide the " + h + "x" + w
                    + " input of " + arch + ": choose patch sizes that divide the image side (4 or 7 for 28x28)");
        }
        return new VisionTransformer(arch, (int) ((h / arch.patch()) * (w / arch.patch())), classes);
    }

    /** Tokens of an image {@code (C, H, W)} cut into {@code patch x patch} patches. */
    public static int tokens(Shape image, int patch) {
        return (int) ((image.get(1) / patch) * (image.get(2) / patch));
    }

    /** LayerNorm over the last (channel) axis of {@code (batch, tokens, width)}. */
    static LayerNorm tokenNorm() {
        return LayerNorm.builder().axis(2).build();
    }

    /** Stem, patch embedding, layers, head; each part a child block so cost models and pictures can walk it. */
    static final class VisionTransformer extends AbstractBlock {
        private final Block stem;
        private final PatchEmbedding embedding;
        private final List<EncoderLayer> layers = new ArrayList<>();
        private final LayerNorm norm;
        private final Linear head;
        private final int classes;

        VisionTransformer(TransformerArchitecture arch, int tokens, int classes) {
            this.classes = classes;
            stem = arch.stem() > 0 ? addChildBlock("stem", ChainNetwork.convBnRelu(arch.stem(), 3, 1)) : null;
            embedding = addChildBlock("patches", new PatchEmbedding(arch.patch(), arch.width(), tokens));
            for (int i = 0; i < arch.layers().size(); i++) {
                TransformerArchitecture.Layer l = arch.layers().get(i);
                layers.add(addChildBlock("layer" + i, new EncoderLayer(arch.width(), l.heads(),
                        l.hidden(arch.width()))));
            }
            norm = addChildBlock("norm", tokenNorm());
            head = addChildBlock("head", Linear.builder().setUnits(classes).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDList x = inputs;
            if (stem != null) {
                x = stem.forward(ps, x, training);
            }
            x = embedding.forward(ps, x, training);
            for (EncoderLayer layer : layers) {
                x = layer.forward(ps, x, training);
            }
            NDArray pooled = norm.forward(ps, x, training).singletonOrThrow().mean(new int[] {1});
            return head.forward(ps, new NDList(pooled), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {new Shape(inputs[0].get(0), classes)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape[] s = inputShapes;
            if (stem != null) {
                stem.initialize(manager, dataType, s);
                s = stem.getOutputShapes(s);
            }
            embedding.initialize(manager, dataType, s);
            s = embedding.getOutputShapes(s);
            for (EncoderLayer layer : layers) {
                layer.initialize(manager, dataType, s);
            }
            norm.initialize(manager, dataType, s);
            head.initialize(manager, dataType, new Shape(s[0].get(0), s[0].get(2)));
        }
    }

    /** Patches to tokens: conv with kernel and stride {@code patch}, flattened, plus a learned position embedding. */
    static final class PatchEmbedding extends AbstractBlock {
        private final Block conv;
        private final Parameter position;
        private final int width;
        private final int tokens;

        PatchEmbedding(int patch, int width, int tokens) {
            this.width = width;
            this.tokens = tokens;
            // no conv bias: the position embedding adds a learned offset per token and channel, which subsumes it
            conv = addChildBlock("conv", Ops.conv(width, patch, patch, 0, 1, 1));
            position = addParameter(Parameter.builder().setName("position").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1, tokens, width)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray maps = conv.forward(ps, inputs, training).singletonOrThrow(); // (B, width, h, w)
            NDArray seq = maps.reshape(maps.getShape().get(0), width, tokens).transpose(0, 2, 1);
            NDArray pos = ps.getValue(position, seq.getDevice(), training);
            return new NDList(seq.add(pos));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {new Shape(inputs[0].get(0), tokens, width)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv.initialize(manager, dataType, inputShapes);
        }
    }

    /** One pre-norm encoder layer: {@code x + attention(LN(x))}, then {@code x + MLP(LN(x))}. */
    static final class EncoderLayer extends AbstractBlock {
        private final LayerNorm norm1;
        private final ScaledDotProductAttentionBlock attention;
        private final LayerNorm norm2;
        private final PointwiseFeedForwardBlock mlp;

        EncoderLayer(int width, int heads, int hidden) {
            norm1 = addChildBlock("norm1", tokenNorm());
            attention = addChildBlock("attention", ScaledDotProductAttentionBlock.builder().setEmbeddingSize(width)
                    .setHeadCount(heads).optAttentionProbsDropoutProb(0).build());
            norm2 = addChildBlock("norm2", tokenNorm());
            mlp = addChildBlock("mlp", new PointwiseFeedForwardBlock(List.of(hidden), width, Activation::gelu));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray a = attention.forward(ps, norm1.forward(ps, new NDList(x), training), training)
                    .singletonOrThrow();
            x = x.add(a);
            NDArray m = mlp.forward(ps, norm2.forward(ps, new NDList(x), training), training).singletonOrThrow();
            return new NDList(x.add(m));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {inputs[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            norm1.initialize(manager, dataType, inputShapes);
            attention.initialize(manager, dataType, inputShapes);
            norm2.initialize(manager, dataType, inputShapes);
            mlp.initialize(manager, dataType, inputShapes);
        }
    }
}
