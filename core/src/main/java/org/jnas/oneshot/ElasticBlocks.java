package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The elastic forms of the built-in chain block types, each computing exactly what
 * {@link org.jnas.eval.djl.ChainNetwork} builds stand-alone for that block (which weight copying relies on). They
 * are registered with their blocks in {@link org.jnas.ops.ChainBlocks}; a block of your own follows the checklist on
 * {@link ElasticBlock}.
 */
public final class ElasticBlocks {
    private ElasticBlocks() {
    }

    /** {@code conv}: conv-BN-ReLU. */
    public static ElasticBlock conv(ElasticBlock.Layers layers, ElasticBlock.Slice largest, boolean first) {
        SlicedConv c1 = layers.conv("c1", largest.out(), largest.in(), largest.kernel(), false);
        SlicedNorm n1 = layers.norm("n1", largest.out());
        return new ElasticBlock() {
            @Override
            public NDArray forward(NDArray x, ElasticBlock.Slice s, boolean t) {
                return Activation.relu(n1.forward(c1.forward(x, s.out(), s.in(), s.kernel(), s.stride()), s.out(), t));
            }

            @Override
            public void uses(ElasticBlock.Slice s, ElasticBlock.Uses uses) {
                uses.conv(c1, s.out(), s.in(), s.kernel());
                uses.norm(n1, s.out());
            }
        };
    }

    /** {@code dwsep}: depthwise kxk-BN-ReLU, then pointwise 1x1-BN-ReLU. */
    public static ElasticBlock depthwiseSeparable(ElasticBlock.Layers layers, ElasticBlock.Slice largest,
                                                  boolean first) {
        SlicedConv dw = layers.conv("dw", largest.in(), largest.in(), largest.kernel(), true);
        SlicedNorm n1 = layers.norm("n1", largest.in());
        SlicedConv pw = layers.conv("pw", largest.out(), largest.in(), 1, false);
        SlicedNorm n2 = layers.norm("n2", largest.out());
        return new ElasticBlock() {
            @Override
            public NDArray forward(NDArray x, ElasticBlock.Slice s, boolean t) {
                NDArray y = Activation.relu(n1.forward(dw.forward(x, s.in(), s.in(), s.kernel(), s.stride()), s.in(),
                        t));
                return Activation.relu(n2.forward(pw.forward(y, s.out(), s.in(), 1, 1), s.out(), t));
            }

            @Override
            public void uses(ElasticBlock.Slice s, ElasticBlock.Uses uses) {
                uses.conv(dw, s.in(), s.in(), s.kernel());
                uses.norm(n1, s.in());
                uses.conv(pw, s.out(), s.in(), 1);
                uses.norm(n2, s.out());
            }
        };
    }

    /**
     * {@code mbconv}: MobileNetV2's inverted residual: expansion 1x1-BN-ReLU6 (skipped at ratio 1, the depthwise
     * layer then reading the first {@code in} channels), depthwise kxk-BN-ReLU6, projection 1x1-BN, plus the input
     * when the slice's stride is 1 and its widths match.
     */
    public static ElasticBlock invertedResidual(ElasticBlock.Layers layers, ElasticBlock.Slice largest,
                                                boolean first) {
        int hidden = largest.in() * largest.expansion();
        SlicedConv expand = largest.expansion() > 1 ? layers.conv("expand", hidden, largest.in(), 1, false) : null;
        SlicedNorm n1 = largest.expansion() > 1 ? layers.norm("n1", hidden) : null;
        SlicedConv dw = layers.conv("dw", hidden, hidden, largest.kernel(), true);
        SlicedNorm n2 = layers.norm("n2", hidden);
        SlicedConv project = layers.conv("project", largest.out(), hidden, 1, false);
        SlicedNorm n3 = layers.norm("n3", largest.out());
        return new ElasticBlock() {
            @Override
            public NDArray forward(NDArray x, ElasticBlock.Slice s, boolean t) {
                int h = s.in() * s.expansion();
                NDArray y = x;
                if (s.expansion() != 1) {
                    y = Activation.relu6(n1.forward(expand.forward(y, h, s.in(), 1, 1), h, t));
                }
                y = Activation.relu6(n2.forward(dw.forward(y, h, h, s.kernel(), s.stride()), h, t));
                y = n3.forward(project.forward(y, s.out(), h, 1, 1), s.out(), t);
                return s.stride() == 1 && s.in() == s.out() ? y.add(x) : y;
            }

            @Override
            public void uses(ElasticBlock.Slice s, ElasticBlock.Uses uses) {
                int h = s.in() * s.expansion();
                if (s.expansion() != 1) {
                    uses.conv(expand, h, s.in(), 1);
                    uses.norm(n1, h);
                }
                uses.conv(dw, h, h, s.kernel());
                uses.norm(n2, h);
                uses.conv(project, s.out(), h, 1);
                uses.norm(n3, s.out());
            }
        };
    }

    /**
     * {@code resblock}: ResNet's basic block: kxk-BN-ReLU, kxk-BN, plus the input (through a 1x1-BN projection on
     * a stage's first block when the slice's stride or width changes), then ReLU.
     */
    public static ElasticBlock basicResidual(ElasticBlock.Layers layers, ElasticBlock.Slice largest, boolean first) {
        SlicedConv c1 = layers.conv("c1", largest.out(), largest.in(), largest.kernel(), false);
        SlicedNorm n1 = layers.norm("n1", largest.out());
        SlicedConv c2 = layers.conv("c2", largest.out(), largest.out(), largest.kernel(), false);
        SlicedNorm n2 = layers.norm("n2", largest.out());
        SlicedConv shortcut = first ? layers.conv("shortcut", largest.out(), largest.in(), 1, false) : null;
        SlicedNorm n3 = first ? layers.norm("n3", largest.out()) : null;
        return new ElasticBlock() {
            @Override
            public NDArray forward(NDArray x, ElasticBlock.Slice s, boolean t) {
                int w = s.out();
                NDArray y = Activation.relu(n1.forward(c1.forward(x, w, s.in(), s.kernel(), s.stride()), w, t));
                y = n2.forward(c2.forward(y, w, w, s.kernel(), 1), w, t);
                NDArray identity = projects(s) ? n3.forward(shortcut.forward(x, w, s.in(), 1, s.stride()), w, t) : x;
                return Activation.relu(y.add(identity));
            }

            @Override
            public void uses(ElasticBlock.Slice s, ElasticBlock.Uses uses) {
                uses.conv(c1, s.out(), s.in(), s.kernel());
                uses.norm(n1, s.out());
                uses.conv(c2, s.out(), s.out(), s.kernel());
                uses.norm(n2, s.out());
                if (projects(s)) {
                    uses.conv(shortcut, s.out(), s.in(), 1);
                    uses.norm(n3, s.out());
                }
            }

            private boolean projects(ElasticBlock.Slice s) {
                return !(s.stride() == 1 && s.in() == s.out());
            }
        };
    }
}
