package org.jnas.cli;

import java.util.Arrays;
import org.jnas.Jnas;

/**
 * Entry point of {@code ./jnas} for everything that runs on the JVM. Each subcommand lives in its own class;
 * add one by adding a case here.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Jnas.init();
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (cmd) {
            case "help", "-h", "--help" -> usage();
            case "warmup" -> Warmup.main(rest);
            default -> {
                System.err.println("jnas: unknown command '" + cmd + "'");
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                usage: ./jnas <command> [args]
                  quickstart            set up and run the quickstart notebook through the jnas kernel
                  test                  run the whole test suite (unit tests, kernel, notebooks)
                """);
    }
}
