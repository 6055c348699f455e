package org.jnas.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jnas.strategy.Candidate;
import org.jnas.strategy.Strategy;
import org.jnas.strategy.Trial;
import org.jnas.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search's journal: a JSON-lines file whose first line describes the search (space, strategy, seed,
 * objectives, constraints, evaluator; not the budget, so that a search can be resumed with a larger one) and whose
 * every further line
 * is one finished trial, written, flushed and fsync'd before the runner counts it. Opening an existing journal
 * reads it back for replay; a damaged last line (a crash mid-write) is dropped with a warning and cut off the file;
 * a journal of a different search is refused. Journals written before trials carried their seed still load: such a
 * trial gets back the seed it was evaluated with ({@link Search#trialSeed} of the header's seed and its id).
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /**
     * One journal line.
     *
     * @param toldBefore how many trials the strategy had been told when this trial was asked (for exact replay)
     * @param trial      the finished trial
     */
    public record Entry(int toldBefore, Trial trial) {
    }

    private final Path file;
    private final List<Entry> recorded;
    private final FileOutputStream out;

    private Journal(Path file, List<Entry> recorded, FileOutputStream out) {
        this.file = file;
        this.recorded = List.copyOf(recorded);
        this.out = out;
    }

    /**
     * Opens {@code file}: creates it with {@code header} when absent or empty, else checks that its header equals
     * {@code header} and reads its trials.
     */
    public static Journal open(Path file, ObjectNode header) {
        try {
            // compare as it will read back (an int seed reads back as a long, and so on)
            header = (ObjectNode) Json.COMPACT.readTree(Json.COMPACT.writeValueAsString(header));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            List<Entry> recorded = new ArrayList<>();
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            if (!fresh) {
                fresh = read(file, header, recorded);
            }
            var out = new FileOutputStream(file.toFile(), true);
            var journal = new Journal(file, recorded, out);
            if (fresh) {
                ObjectNode line = Json.COMPACT.createObjectNode();
                line.set("header", header);
                journal.writeLine(line);
            }
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an existing journal into {@code recorded}; true when nothing valid (not even a header) was in it. */
    private static boolean read(Path file, ObjectNode expected, List<Entry> recorded) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        long validBytes = 0;
        boolean headerSeen = false;
        int start = 0;
        int lineNo = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            lineNo++;
            boolean last = nl < 0 || text.indexOf('\n', nl + 1) < 0 && nl + 1 >= text.length();
            String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
            JsonNode node = null;
            if (nl >= 0) {
                try {
                    node = Json.COMPACT.readTree(line);
                } catch (JsonProcessingException e) {
                    node = null;
                }
            }
            boolean usable = node != null && node.isObject()
                    && (headerSeen ? node.has("trial") && node.has("toldBefore") : node.has("header"));
            if (!usable) {
                if (last) {
                    LOG.warn("journal {}: dropping damaged last line {} ({} bytes, probably cut by a crash): {}",
                            file, lineNo, line.length(), line.length() > 80 ? line.substring(0, 80) + "..." : line);
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                        raf.setLength(validBytes);
                        raf.getFD().sync();
                    }
                    break;
                }
                throw new JournalMismatchException("journal " + file + " line " + lineNo + " is damaged and is not"
                        + " the last line, so this is not a crash mid-write. Repair or remove the file.");
            }
            if (!headerSeen) {
                checkHeader(file, (ObjectNode) node.get("header"), expected);
                headerSeen = true;
            } else {
                try {
                    JsonNode trial = node.get("trial");
                    if (trial.isObject() && !trial.has("seed") && expected.has("seed") && trial.has("id")) {
                        // journals written before trials recorded their seed: every trial was evaluated with
                        // Search.trialSeed(search seed, id), so the seed is restored exactly, not guessed
                        ((ObjectNode) trial).put("seed",
                                Search.trialSeed(expected.get("seed").asLong(), trial.get("id").asInt()));
                    }
                    recorded.add(new Entry(node.get("toldBefore").asInt(),
                            Json.COMPACT.treeToValue(trial, Trial.class)));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new JournalMismatchException("journal " + file + " line " + lineNo + " is not a trial: "
                            + e.getMessage());
                }
            }
            validBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            start = nl + 1;
        }
        return !headerSeen;
    }

    private static void checkHeader(Path file, ObjectNode found, ObjectNode expected) {
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            JsonNode theirs = found.get(e.getKey());
            if (!e.getValue().equals(theirs)) {
                throw new JournalMismatchException("journal " + file + " belongs to a different search: its "
                        + e.getKey() + " is " + theirs + " but this search's is " + e.getValue()
                        + ". Give this search another journal file, or delete that one to start over.");
            }
        }
    }

    /** An ask the journal has no result for yet: trial {@code id}, asked after {@code toldBefore} tells. */
    public record Asked(int id, Candidate candidate, int toldBefore) {
    }

    /**
     * What replaying gave: the recorded trials in the order they were told, the asks still to evaluate (in id
     * order), and the id of the next new trial.
     */
    public record Replay(List<Trial> told, List<Asked> unanswered, int nextId) {
        public Replay {
            told = List.copyOf(told);
            unanswered = List.copyOf(unanswered);
        }
    }

    /**
     * Brings a freshly started strategy to where the recorded search left it: re-asks every trial id up to the
     * last recorded one and re-tells the recorded trials, each after exactly as many tells as when it was first
     * asked (the entry's {@code toldBefore}), so the strategy, drawing from the same seeded generator, proposes the
     * same samples again. Ids asked but never finished (the search stopped meanwhile) come back as
     * {@link Replay#unanswered()}.
     *
     * @throws JournalMismatchException when the strategy proposes something else than the journal recorded
     */
    public Replay replay(Strategy strategy) {
        Map<Integer, Entry> byId = new HashMap<>();
        int maxId = -1;
        for (Entry e : recorded) {
            byId.put(e.trial().id(), e);
            maxId = Math.max(maxId, e.trial().id());
        }
        var told = new ArrayList<Trial>();
        var unanswered = new ArrayList<Asked>();
        for (int id = 0; id <= maxId; id++) {
            Entry e = byId.get(id);
            if (e != null) {
                while (told.size() < e.toldBefore()) {
                    tellNext(strategy, told);
                }
            }
            List<Candidate> asked = strategy.ask(1);
            if (asked.isEmpty()) {
                throw new JournalMismatchException("replaying journal " + file + ": the strategy proposes"
                        + " nothing for trial " + id + " although the journal recorded it; was the strategy changed?");
            }
            Candidate c = asked.get(0);
            if (e == null) {
                unanswered.add(new Asked(id, c, told.size()));
            } else if (!c.sample().equals(e.trial().sample()) || c.fidelity() != e.trial().fidelity()) {
                throw new JournalMismatchException("replaying journal " + file + ": trial " + id + " was "
                        + e.trial().sample() + " @" + e.trial().fidelity() + " but the strategy now proposes "
                        + c.sample() + " @" + c.fidelity() + ". The strategy's code or options changed since the"
                        + " journal was written; use a new journal file.");
            }
        }
        while (told.size() < recorded.size()) {
            tellNext(strategy, told);
        }
        return new Replay(told, unanswered, maxId + 1);
    }

    private void tellNext(Strategy strategy, List<Trial> told) {
        Trial t = recorded.get(told.size()).trial();
        strategy.tell(t);
        told.add(t);
    }

    /** The trials found in the file when it was opened, in the order they finished. */
    public List<Entry> recorded() {
        return recorded;
    }

    public Path file() {
        return file;
    }

    /** Appends a finished trial; returns only once it is on disk (fsync). */
    public synchronized void append(Entry entry) {
        ObjectNode line = Json.COMPACT.createObjectNode();
        line.put("toldBefore", entry.toldBefore());
        line.set("trial", Json.COMPACT.valueToTree(entry.trial()));
        writeLine(line);
    }

    private void writeLine(ObjectNode line) {
        try {
            out.write((Json.COMPACT.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            // FileDescriptor.sync, not FileChannel.force: an interrupt must not close the journal mid-append
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Journal " + file + " (" + recorded.size() + " trials when opened)";
    }
}
