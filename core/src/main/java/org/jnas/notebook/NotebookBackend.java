package org.jnas.notebook;

/**
 * What a notebook kernel provides so that library code can show things while a cell runs. The jnas kernel and the
 * jnas extension for stock JJava install one at start-up with {@link Notebook#install(NotebookBackend)}; the
 * library never depends on a kernel, only on this interface.
 */
public interface NotebookBackend {
    /**
     * Shows {@code value} below the running cell with the kernel's richest renderer.
     *
     * @return an id that {@link #update(String, Object)} accepts to replace that output in place
     */
    String display(Object value);

    /** Replaces the output shown under {@code displayId} with {@code value}. */
    void update(String displayId, Object value);
}
