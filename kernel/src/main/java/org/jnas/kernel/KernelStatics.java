package org.jnas.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** Functions every cell can call, imported statically at start ({@code clearOutput()}). */
public final class KernelStatics {
    private KernelStatics() {
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's output; with {@code wait}, only when the next output arrives (no flicker in animations). */
    public static void clearOutput(boolean wait) {
        if (BaseKernel.notebookKernel() instanceof JnasKernel kernel) {
            kernel.clearOutput(wait);
        }
    }
}
