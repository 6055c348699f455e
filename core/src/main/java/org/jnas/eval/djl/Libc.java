package org.jnas.eval.djl;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import java.util.Optional;

/**
 * The few C library calls jnas makes on Linux, through JNA (it comes with DJL): file descriptors for {@link
 * LibtorchWarning}, {@code mallopt} for {@link NativeHeap}. JNA binds a function when it is first called, so one
 * missing from this libc (musl has no {@code mallopt}) throws {@link UnsatisfiedLinkError} there, not at load.
 */
interface Libc extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);

    int mallopt(int param, int value);

    /** The C library, or empty off Linux or where JNA cannot load it. */
    static Optional<Libc> onLinux() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Native.load("c", Libc.class));
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }
}
