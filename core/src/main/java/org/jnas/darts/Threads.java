package org.jnas.darts;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Thread settings for libtorch: intra-op threads as asked, one inter-op thread (DJL runs ops one at a time). */
public final class Threads {
    private static boolean interopSet;

    private Threads() {
    }

    /** Sets libtorch's intra-op threads ({@code n <= 0}: leave libtorch's default). */
    public static synchronized void configure(int n) {
        Engine.getEngine("PyTorch");
        if (n > 0) {
            JniUtils.setNumThreads(n);
        }
        if (!interopSet) {
            try {
                JniUtils.setNumInteropThreads(1);
            } catch (RuntimeException e) {
                // libtorch refuses once parallel work has started; the default then stays
            }
            interopSet = true;
        }
    }
}
