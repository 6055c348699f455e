package org.jnas.proxy;

import java.util.List;

/** The zero-cost proxies jnas ships, by name. */
public final class Proxies {
    private Proxies() {
    }

    /** Names accepted by {@link #named}. */
    public static List<String> names() {
        return List.of("synflow", "jacob_cov", "grad_norm", "snip");
    }

    /** The data-free ones. */
    public static List<String> dataFree() {
        return List.of("synflow");
    }

    /** A proxy by its name, or an error listing the names. */
    public static ZeroCostProxy named(String name) {
        return switch (name) {
            case "synflow" -> new Synflow();
            case "jacob_cov" -> new JacobianCovariance();
            case "grad_norm" -> new GradNorm();
            case "snip" -> new Snip();
            default -> throw new IllegalArgumentException("unknown zero-cost proxy '" + name + "'; known: " + names()
                    + ". Write your own by implementing org.jnas.proxy.ZeroCostProxy.");
        };
    }

    /** All four: synflow, jacob_cov, grad_norm, snip. */
    public static List<ZeroCostProxy> all() {
        return names().stream().map(Proxies::named).toList();
    }
}
