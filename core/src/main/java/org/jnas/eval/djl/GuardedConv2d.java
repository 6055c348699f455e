package org.jnas.eval.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DJL's {@link Conv2d} (same parameters, shapes and costs: it is one) whose forward pass goes through {@link
 * ConvolutionGuard}, so that it is right where oneDNN is right only for some channel counts. {@link
 * org.jnas.ops.Ops#conv} builds these.
 */
public final class GuardedConv2d extends Conv2d {

    /** A guarded convolution as {@code builder} describes it (checked as {@code builder.build()} checks it). */
    public static GuardedConv2d of(Conv2d.Builder builder) {
        builder.build(); // DJL's own checks of the settings, with its messages
        return new GuardedConv2d(builder);
    }

    private GuardedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = includeBias ? parameterStore.getValue(bias, device, training) : null;
        return new NDList(ConvolutionGuard.conv2d(input, w, b, stride, padding, dilation, groups));
    }
}
