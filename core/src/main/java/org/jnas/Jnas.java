package org.jnas;

/**
 * Process-wide settings that must hold before DJL first starts. Everything in jnas that touches DJL calls
 * {@link #init()} first, so no entry point (tests, CLI, kernel, a user's own main) can reach the network.
 */
public final class Jnas {
    private static volatile boolean initialized;

    private Jnas() {
    }

    /** Idempotent: DJL offline, usage tracking opted out, headless AWT. */
    public static void init() {
        if (initialized) {
            return;
        }
        synchronized (Jnas.class) {
            if (initialized) {
                return;
            }
            // DJL reads these as environment variables or system properties; an empty value reads as false.
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("DJL_OFFLINE", "true");
            System.setProperty("OPT_OUT_TRACKING", "true");
            System.setProperty("java.awt.headless", "true");
            initialized = true;
        }
    }
}
