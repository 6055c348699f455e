package org.jnas.spark;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * Spark's driver reaches into JDK internals (direct buffers, {@code sun.nio.ch}) and on Java 17 needs the
 * {@link SparkTrials#ADD_OPENS} options its own launcher adds. A JVM started without them (a notebook kernel, an
 * application launched with plain {@code java}) gets those packages opened here at run time, through the JDK's
 * trusted lookup; where that is refused, the error names the options to add instead.
 */
final class JavaOpens {
    /** The java.base packages Spark reflects into (its launcher's --add-opens list). */
    static final String[] PACKAGES = {"java.lang", "java.lang.invoke", "java.nio", "sun.nio.ch", "java.util",
        "java.util.concurrent", "sun.security.action", "java.net", "java.io", "sun.util.calendar"};
    private static volatile boolean done;

    private JavaOpens() {
    }

    static synchronized void ensure() {
        if (done) {
            return;
        }
        Module base = Object.class.getModule();
        Module me = JavaOpens.class.getModule();
        boolean missing = false;
        for (String p : PACKAGES) {
            missing |= !base.isOpen(p, me);
        }
        if (missing) {
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field f = unsafeClass.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                Object unsafe = f.get(null);
                Field implLookup = MethodHandles.Lookup.class.getDeclaredField("IMPL_LOOKUP");
                Object staticBase = unsafeClass.getMethod("staticFieldBase", Field.class).invoke(unsafe, implLookup);
                long offset = (long) unsafeClass.getMethod("staticFieldOffset", Field.class).invoke(unsafe, implLookup);
                var trusted = (MethodHandles.Lookup) unsafeClass.getMethod("getObject", Object.class, long.class)
                        .invoke(unsafe, staticBase, offset);
                MethodHandle open = trusted.findVirtual(Module.class, "implAddOpensToAllUnnamed",
                        MethodType.methodType(void.class, String.class));
                for (String p : PACKAGES) {
                    open.invoke(base, p);
                }
            } catch (Throwable e) {
                throw new org.jnas.run.TrialRunnerException("Spark needs these Java options in this JVM, which"
                        + " started without them and refused to open the packages at run time (" + e + "): "
                        + SparkTrials.ADD_OPENS, e);
            }
        }
        done = true;
    }
}
