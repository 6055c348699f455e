package org.jnas.proxy;

/** A proxy score that is undefined for a network (no parameters on any path, a NaN, a singular matrix). */
public class ProxyFailedException extends RuntimeException {
    public ProxyFailedException(String message) {
        super(message);
    }
}
