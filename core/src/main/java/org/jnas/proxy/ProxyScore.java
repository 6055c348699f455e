package org.jnas.proxy;

import java.util.Locale;

/**
 * One proxy's score of one architecture, or why it could not be computed.
 *
 * @param proxy   the proxy's name
 * @param value   the score; NaN exactly when {@code failure} is set
 * @param failure null, or the reason the score is undefined (never reported as a number)
 * @param millis  wall-clock milliseconds, building and initializing the network included
 */
public record ProxyScore(String proxy, double value, String failure, double millis) {

    public static ProxyScore of(String proxy, double value, double millis) {
        return new ProxyScore(proxy, value, null, millis);
    }

    public static ProxyScore failed(String proxy, String reason, double millis) {
        return new ProxyScore(proxy, Double.NaN, reason, millis);
    }

    public boolean ok() {
        return failure == null;
    }

    @Override
    public String toString() {
        return ok() ? String.format(Locale.ROOT, "%s=%.6g (%.0f ms)", proxy, value, millis)
                : proxy + " failed: " + failure;
    }
}
