package org.jnas.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.jnas.run.JournalMismatchException;
import org.jnas.run.SearchListener;
import org.jnas.run.SearchResult;

/**
 * {@code ./jnas search SPEC.json}: runs the search a {@link SearchSpec} describes with a progress bar, journaling
 * every trial in the spec's journal folder so that running the same command again (after Ctrl-C, a crash or
 * {@code kill -9}) resumes it; Ctrl-C and SIGTERM stop it as an interrupt does, report included (exit status 130 or
 * 143); prints the report and writes, beside the journal, {@code report.txt},
 * {@code history.csv} and the result's pictures ({@link SearchResult#pictures()}) as PNG and SVG.
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
        } catch (ai.djl.engine.EngineException e) {
            System.err.println("jnas search: libtorch failed before the search started: " + e.getMessage());
            BenchCommand.traceIfAsked(e);
            return 1;
        }
        System.out.println(spec.search());
        // Ctrl-C or SIGTERM: stop as an interrupt does (the trials at their next batch, the report written) before
        // the JVM exits; the journal would be whole either way
        try (StopHook stop = StopHook.install("jnas search: stopping; the trials finished so far are in "
                + spec.journal() + "; run the same command to resume")) {
            return runAndReport(spec);
        }
    }

    private static int runAndReport(SearchSpec spec) {
        SearchResult result;
        try {
            result = spec.search().listener(SearchListener.progressBar(System.out)).run();
        } catch (JournalMismatchException | IllegalArgumentException e) {
            System.err.println("jnas search: " + e.getMessage());
            return 2;
        }
        Thread.interrupted(); // an interrupted search says so in its result; the flag would fail the writes below
        System.out.println(result);
        String report = result.report().toString();
        System.out.println(report);
        try {
            Files.createDirectories(spec.journal());
            Path csv = spec.journal().resolve("history.csv");
            result.history().write().csv(csv.toFile());
            Path text = Files.writeString(spec.journal().resolve("report.txt"), result + "\n" + report + "\n");
            var written = new ArrayList<String>();
            result.pictures().forEach((name, picture) -> {
                for (String ext : new String[] {".png", ".svg"}) {
                    written.add(picture.save(spec.journal().resolve(name + ext)).getFileName().toString());
                }
            });
            System.out.println("written to " + spec.journal() + ": journal.jsonl, " + text.getFileName() + ", "
                    + csv.getFileName() + ", " + String.join(", ", written));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result.interrupted() ? 130 : 0;
    }
}
