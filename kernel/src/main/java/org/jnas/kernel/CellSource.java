package org.jnas.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell split into its parts in order: magic lines ({@code %name args}, IJava's convention for kernel commands)
 * and the Java code between them. Each Java part remembers the cell line it starts on, for error carets.
 */
record CellSource(List<Part> parts) {

    sealed interface Part permits Magic, Java {
    }

    /** {@code %name arg "quoted arg"} on a line of its own. */
    record Magic(String name, List<String> args, int line) implements Part {
    }

    /** Java code; {@code firstLine} is the 1-based cell line of its first line. */
    record Java(String code, int firstLine) implements Part {
    }

    static CellSource parse(String cell) {
        List<Part> parts = new ArrayList<>();
        StringBuilder java = new StringBuilder();
        int javaStart = 1;
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (trimmed.startsWith("%") && !trimmed.startsWith("%%") && trimmed.length() > 1
                    && Character.isJavaIdentifierStart(trimmed.charAt(1))) {
                if (!java.toString().isBlank()) {
                    parts.add(new Java(java.toString(), javaStart));
                }
                java.setLength(0);
                javaStart = i + 2;
                List<String> words = splitArgs(trimmed.substring(1));
                parts.add(new Magic(words.get(0), words.subList(1, words.size()), i + 1));
            } else {
                java.append(lines[i]).append('\n');
            }
        }
        if (!java.toString().isBlank()) {
            parts.add(new Java(java.toString(), javaStart));
        }
        return new CellSource(List.copyOf(parts));
    }

    /** Splits on blanks; double or single quotes keep blanks inside one argument. */
    static List<String> splitArgs(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new CellError.MagicError("unclosed " + quote + " quote in %" + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
