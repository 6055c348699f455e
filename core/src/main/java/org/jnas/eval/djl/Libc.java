package org.jnas.eval.djl;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.util.Locale;
import java.util.Optional;

/**
 * The few C library calls jnas makes on Linux, through JNA (it comes with DJL): file descriptors for {@link
 * LibtorchWarning}, {@code mallopt} and {@code mallinfo2} for {@link NativeHeap}. JNA binds a function when it is
 * first called, so one missing from this libc (musl has no {@code mallopt}, glibc before 2.33 no {@code mallinfo2})
 * throws {@link UnsatisfiedLinkError} there, not at load.
 */
interface Libc extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);

    int mallopt(int param, int value);

    /** glibc 2.33 and later: the heap's statistics. */
    Mallinfo2 mallinfo2();

    /** glibc's {@code struct mallinfo2} (malloc.h), in its order: every field a {@code size_t}. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost"})
    class Mallinfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        /** Free bytes in the heaps (not counting memory mapped on its own). */
        public long fordblks;
        public long keepcost;
    }

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
