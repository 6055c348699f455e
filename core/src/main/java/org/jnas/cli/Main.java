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
            case "sample-train" -> System.exit(Quickstart.run(rest));
            case "search" -> System.exit(SearchCommand.run(rest));
            case "bench" -> System.exit(BenchCommand.run(rest));
            case "pictures" -> Gallery.main(rest);
            case "darts-demo" -> DartsDemo.main(rest);
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
                  setup                 build jnas and the kernel, install the kernel, warm DJL's native cache
                  test                  run the whole test suite (unit tests, kernel, notebooks)
                  search SPEC.json      run (or resume) the search a JSON spec describes
                  sample-train [--samples N --train N --seed S]
                                        train a few random mobile-space networks; print accuracy and costs
                  darts-demo            a small DARTS search on Fashion-MNIST; its cell and a random one retrained
                                        with the same --seeds (3) and compared by Welch's test
                  pictures [dir] [--svg] write an example of every picture kind (default dir docs/pictures)
                  bench nasbench201 --strategy NAME --budget N --seeds K   benchmark B2
                  bench nasbench201 --strategy NAME --cost-budget S --seeds K
                                        B2 with S cost-seconds of estimated training per search
                  bench darts           benchmark B1: a DARTS search step against the PyTorch peer (--with-peer)
                  bench spark [--trials N]   benchmark B6: a search's trials on a local Spark cluster (jnas-spark)
                  bench proxies         zero-cost proxies vs NAS-Bench-201 and stand-alone training (--with-peer K)
                  bench train           benchmark B4: one trial of real training (--with-peer, --batch, --workers)
                  bench baselines       the quickstart's cell vs ResNet, MobileNetV2, DARTS V2 at matched cost
                  bench memory          peak inference memory: the graph model vs the engine, measured
                """);
    }
}
