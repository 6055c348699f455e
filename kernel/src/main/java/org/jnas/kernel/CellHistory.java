package org.jnas.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The cells this kernel ran, for history_request (the console's up-arrow, {@code %history}-like frontends): input
 * and text result by execution count, in memory for the kernel's one session (numbered 1; 0 also means "this one").
 * jjava-jupyter ships no history manager, so without this every history request got an empty answer.
 */
final class CellHistory implements HistoryManager {
    static final int SESSION = 1;
    private final List<HistoryEntry> entries = new ArrayList<>();

    synchronized void record(int executionCount, String input, String output) {
        entries.add(new HistoryEntry(SESSION, executionCount, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        List<HistoryEntry> found = new ArrayList<>();
        if (session != SESSION && session != 0) {
            return found;
        }
        for (HistoryEntry e : entries) {
            if (e.getCellNumber() >= start && (stop <= 0 || e.getCellNumber() < stop)) {
                found.add(shown(e, flags));
            }
        }
        return found;
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int n, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return entries.subList(from, entries.size()).stream().map(e -> shown(e, flags)).toList();
    }

    /** The last {@code n} cells whose input matches a glob ({@code *}, {@code ?}, as IPython's search), oldest first. */
    @Override
    public synchronized List<HistoryEntry> search(String glob, int n, Set<ResultFlag> flags) {
        Pattern pattern = globToRegex(glob == null ? "*" : glob);
        Map<String, HistoryEntry> matched = new LinkedHashMap<>();
        List<HistoryEntry> all = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (pattern.matcher(e.getInput()).matches()) {
                all.add(e);
                matched.remove(e.getInput()); // unique keeps the latest run of an input
                matched.put(e.getInput(), e);
            }
        }
        List<HistoryEntry> chosen = flags.contains(ResultFlag.UNIQUE) ? new ArrayList<>(matched.values()) : all;
        int from = n > 0 ? Math.max(0, chosen.size() - n) : 0;
        return chosen.subList(from, chosen.size()).stream().map(e -> shown(e, flags)).toList();
    }

    private static HistoryEntry shown(HistoryEntry e, Set<ResultFlag> flags) {
        return flags.contains(ResultFlag.INCLUDE_OUTPUT) ? e
                : new HistoryEntry(e.getSession(), e.getCellNumber(), e.getInput(), null);
    }

    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
