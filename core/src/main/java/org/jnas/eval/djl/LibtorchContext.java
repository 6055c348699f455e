package org.jnas.eval.djl;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * libtorch's process-wide backend switches ({@code at::globalContext()}), which DJL does not expose: what
 * {@code torch.backends.mkldnn.enabled} and {@code torch.backends.nnpack} set in Python. Reached through JNA by
 * their C++ symbols in the {@code libtorch_cpu} DJL loaded, so empty for another build or platform, where callers
 * leave libtorch as it is.
 */
final class LibtorchContext {
    private static volatile Optional<LibtorchContext> found;

    // C++ returns a bool in the low byte of the return register only, so results are masked with 0xFF
    private final NativeLibrary library;
    private final Pointer context;

    private LibtorchContext(NativeLibrary library, Pointer context) {
        this.library = library;
        this.context = context;
    }

    /** The loaded libtorch's context; call after DJL's PyTorch engine is loaded. */
    static Optional<LibtorchContext> find() {
        Optional<LibtorchContext> f = found;
        if (f == null) {
            synchronized (LibtorchContext.class) {
                f = found;
                if (f == null) {
                    found = f = locate();
                }
            }
        }
        return f;
    }

    private static Optional<LibtorchContext> locate() {
        try {
            Path lib = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("torch_cpu"));
            if (!Files.exists(lib)) {
                return Optional.empty();
            }
            NativeLibrary library = NativeLibrary.getInstance(lib.toString());
            Pointer context = library.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            return Optional.of(new LibtorchContext(library, context));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Whether convolutions (and a few other ops) may run on oneDNN ({@code at::Context::userEnabledMkldnn}). */
    boolean mkldnn() {
        return (library.getFunction("_ZNK2at7Context17userEnabledMkldnnEv").invokeInt(new Object[] {context}) & 0xFF) != 0;
    }

    void setMkldnn(boolean enabled) {
        library.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, enabled});
    }

    void setNnpack(boolean enabled) {
        library.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, enabled});
    }

    /**
     * Whether NNPACK can start on this CPU ({@code at::native::_nnpack_available}). Where it cannot, this call
     * logs "Could not initialize NNPACK! Reason: Unsupported hardware." on stderr, and so does every convolution
     * that considers NNPACK until {@link #setNnpack} turns it off.
     */
    boolean nnpackAvailable() {
        return (library.getFunction("_ZN2at6native17_nnpack_availableEv").invokeInt(new Object[0]) & 0xFF) != 0;
    }
}
