package org.jnas.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jnas.run.JournalMismatchException;
import org.jnas.run.SearchListener;
import org.jnas.run.SearchResult;

/**
 * {@code ./jnas search SPEC.json}: runs the search a {@link SearchSpec} describes with a progress bar, journaling
 * every trial in the spec's journal folder so that running the same command again resumes it; prints the report
 * and writes {@code history.csv} beside the journal.
 */
public final class SearchCommand {
    private SearchCommand() {
    }

    public static int run(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: ./jnas search SPEC.json   (see org.jnas.cli.SearchSpec for the format)");
            return 2;
        }
        SearchSpec spec;
        try {
            spec = SearchSpec.read(Path.of(args[0]));
        } catch (SpecException e) {
            System.err.println("jnas search: " + args[0] + ": " + e.getMessage());
            return 2;
        }
        System.out.println(spec.search());
        SearchResult result;
        try {
            result = spec.search().listener(SearchListener.progressBar(System.out)).run();
        } catch (JournalMismatchException e) {
            System.err.println("jnas search: " + e.getMessage());
            return 2;
        }
        System.out.println(result);
        System.out.println(result.report());
        try {
            Path csv = spec.journal().resolve("history.csv");
            Files.createDirectories(spec.journal());
            result.history().write().csv(csv.toFile());
            System.out.println("history: " + csv + "; journal: " + spec.journal().resolve("journal.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result.interrupted() ? 130 : 0;
    }
}
