package org.jnas.notebook;

import java.util.Objects;

/**
 * One output of the running notebook cell that can be redrawn in place: what a live progress display holds on to
 * instead of printing a new line per trial.
 */
public final class DisplayHandle {
    private final NotebookBackend backend;
    private final String displayId;

    DisplayHandle(NotebookBackend backend, String displayId) {
        this.backend = backend;
        this.displayId = displayId;
    }

    /** The kernel's display id, or {@code null} outside a notebook (where updates are dropped). */
    public String displayId() {
        return displayId;
    }

    /** Redraws this output with {@code value}; does nothing outside a notebook. */
    public void update(Object value) {
        Objects.requireNonNull(value, "value to display must not be null");
        if (backend != null && displayId != null) {
            backend.update(displayId, value);
        }
    }
}
