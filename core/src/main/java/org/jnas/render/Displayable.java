package org.jnas.render;

import java.util.Map;

/**
 * Something a notebook can show richly. The kernel (or any JShell-based kernel with the jnas extension) asks for
 * the bundle and shows the richest type it supports; {@code toString()} stays the plain-text form for terminals.
 */
public interface Displayable {
    /**
     * MIME type to content: {@code "image/svg+xml"} and {@code "text/html"} and {@code "text/plain"} map to a
     * String, {@code "image/png"} to a {@code byte[]}. Include {@code "text/plain"}.
     */
    Map<String, Object> mimeBundle();
}
