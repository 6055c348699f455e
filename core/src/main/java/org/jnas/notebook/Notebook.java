package org.jnas.notebook;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Supplier;
import org.jnas.render.Displayable;

/**
 * Live output from library code, with or without a notebook. Inside the jnas kernel (or a JJava kernel with the
 * jnas extension) {@link #display(Object)} shows the value richly under the running cell and the returned
 * {@link DisplayHandle} redraws it in place; anywhere else the value is printed once as plain text and updates are
 * dropped, so a search run from a terminal prints its final state, not a flood of progress lines.
 *
 * <pre>{@code
 * DisplayHandle progress = Notebook.display(snapshot);
 * ... progress.update(nextSnapshot);
 * }</pre>
 */
public final class Notebook {
    private static volatile NotebookBackend backend;

    private Notebook() {
    }

    /** True when a notebook kernel installed its backend in this JVM. */
    public static boolean isActive() {
        return backend != null;
    }

    /**
     * Called by a kernel at start-up; replaces any earlier backend.
     *
     * @param notebookBackend the kernel's display functions; {@code null} to go back to plain text
     */
    public static void install(NotebookBackend notebookBackend) {
        backend = notebookBackend;
    }

    /** Removes {@code notebookBackend} if it is the installed one (a kernel shutting down). */
    public static void uninstall(NotebookBackend notebookBackend) {
        if (backend == notebookBackend) {
            backend = null;
        }
    }

    /** Shows {@code value} now; returns a handle to redraw it in place. */
    public static DisplayHandle display(Object value) {
        Objects.requireNonNull(value, "value to display must not be null");
        NotebookBackend current = backend;
        if (current == null) {
            printPlain(System.out, value);
            return new DisplayHandle(null, null);
        }
        return new DisplayHandle(current, current.display(value));
    }

    /**
     * Runs {@code work} with all the displays it makes drawn into one output, each redrawing the last: a loop of a
     * hundred searches shows one progress line, not a hundred. Outside a notebook it just runs {@code work}.
     */
    public static <T> T oneDisplay(Supplier<T> work) {
        NotebookBackend outer = backend;
        if (outer == null) {
            return work.get();
        }
        var shared = new NotebookBackend() {
            private String id;

            @Override
            public synchronized String display(Object value) {
                if (id == null) {
                    id = outer.display(value);
                } else {
                    outer.update(id, value);
                }
                return id;
            }

            @Override
            public void update(String displayId, Object value) {
                outer.update(displayId, value);
            }
        };
        backend = shared;
        try {
            return work.get();
        } finally {
            if (backend == shared) {
                backend = outer;
            }
        }
    }

    /** The plain-text form a terminal shows: a {@link Displayable}'s text/plain, else {@code toString()}. */
    public static String plainText(Object value) {
        if (value instanceof Displayable displayable) {
            Object text = displayable.mimeBundle().get("text/plain");
            if (text != null) {
                return text.toString();
            }
        }
        return String.valueOf(value);
    }

    private static void printPlain(PrintStream out, Object value) {
        out.println(plainText(value));
    }
}
