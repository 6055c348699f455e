package org.jnas.kernel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stack traces a notebook user can read: the frames of the cell and of the code it called, cut below the cell
 * (JShell's reflection plumbing) and capped, so a {@code StackOverflowError} is a dozen lines and not a thousand.
 */
final class Tracebacks {
    /** JShell compiles every snippet into a class of this package. */
    static final String SNIPPET_PACKAGE = "REPL.";
    static final int MAX_FRAMES = 25;
    static final int MAX_CAUSE_FRAMES = 8;

    private Tracebacks() {
    }

    static List<String> format(Throwable thrown) {
        List<String> lines = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = thrown;
        boolean first = true;
        while (t != null && seen.put(t, true) == null) {
            lines.add((first ? "" : "Caused by: ") + t);
            appendFrames(lines, t.getStackTrace(), first ? MAX_FRAMES : MAX_CAUSE_FRAMES);
            first = false;
            t = t.getCause();
        }
        return lines;
    }

    private static void appendFrames(List<String> lines, StackTraceElement[] frames, int max) {
        int end = frames.length;
        int lastSnippetFrame = -1;
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().startsWith(SNIPPET_PACKAGE)) {
                lastSnippetFrame = i;
            }
        }
        if (lastSnippetFrame >= 0) {
            end = lastSnippetFrame + 1; // below the cell: reflection and the kernel's cell thread
        }
        int shown = 0;
        int i = 0;
        while (i < end && shown < max) {
            String line = "    at " + describe(frames[i]);
            int repeats = 1;
            while (i + repeats < end && describe(frames[i + repeats]).equals(describe(frames[i]))) {
                repeats++;
            }
            lines.add(line);
            if (repeats > 1) {
                lines.add("    ... the same frame " + (repeats - 1) + " more times");
            }
            shown++;
            i += repeats;
        }
        if (i < end) {
            lines.add("    ... " + (end - i) + " more frames");
        }
    }

    /** A frame, with JShell's wrapper class names ({@code REPL.$JShell$12$Foo}) shortened to the cell's names. */
    private static String describe(StackTraceElement frame) {
        String cls = frame.getClassName();
        if (cls.startsWith(SNIPPET_PACKAGE)) {
            String simple = cls.substring(SNIPPET_PACKAGE.length()).replaceFirst("^\\$JShell\\$\\d+[A-Z]?\\$?", "");
            String method = frame.getMethodName().equals("do_it$") ? "<cell>" : frame.getMethodName();
            return (simple.isEmpty() ? "" : simple + ".") + method + "(cell)";
        }
        return frame.toString();
    }
}
