package org.jnas.cli;

import java.util.Arrays;

/** {@code ./jnas bench NAME ...}: one case per benchmark of ../shared/BENCHMARKS.md. */
public final class BenchCommand {
    private BenchCommand() {
    }

    public static int run(String[] args) {
        String which = args.length == 0 ? "" : args[0];
        if (!which.equals("train") && !which.equals("darts")) {
            return run(which, args, null);
        }
        // Ctrl-C or SIGTERM: B4's trials stop at their next batch, B1 at its next step, before the JVM exits. Only
        // these two: the hook waits for the benchmark to return, and the others do not all stop when interrupted
        try (StopHook stop = StopHook.install("jnas bench: stopping")) {
            return run(which, args, stop);
        }
    }

    private static int run(String which, String[] args, StopHook stop) {
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        return switch (which) {
            case "nasbench201" -> NasBench201Bench.run(rest);
            case "proxies" -> ProxiesBench.run(rest);
            case "oneshot" -> OneShotBench.run(rest);
            case "baselines" -> BaselinesBench.run(rest);
            case "memory" -> BaselinesBench.memory(rest);
            case "darts" -> {
                try {
                    DartsBench.main(rest);
                    yield 0;
                } catch (Exception e) {
                    if (stop.signalled()) {
                        System.err.println("bench darts: stopped");
                        yield 130;
                    }
                    System.err.println("bench darts failed: " + e.getMessage());
                    traceIfAsked(e);
                    yield 1;
                }
            }
            case "train" -> {
                try {
                    yield TrainBench.run(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("bench train: " + e.getMessage());
                    yield 2;
                } catch (Exception e) {
                    if (stop.signalled()) { // a peer stopped by the same Ctrl-C fails too: not a failure to report
                        System.err.println("bench train: stopped");
                        yield 130;
                    }
                    System.err.println("bench train failed: " + e);
                    traceIfAsked(e);
                    yield 1;
                }
            }
            default -> {
                System.err.println("usage: ./jnas bench nasbench201 --strategy NAME (--budget N | --cost-budget S)"
                        + " --seeds K\n"
                        + "       ./jnas bench darts [timed] [warmup] [--with-peer]\n"
                        + "       ./jnas bench train [--with-peer] [--repeats 5] [--batch 64] [--workers 1] [--threads 2] [--device cpu] [--profile]\n"
                        + "       ./jnas bench baselines [--seeds K --train N --match params|flops|latency_ms|peak_memory_mb]\n"
                        + "       ./jnas bench memory [--batch N]\n"
                        + "       ./jnas bench oneshot [--space cell|vit] [--archs N] [--seeds K] [--epochs E] [--train-limit T]"
                        + " [--cached-only]\n"
                        + "       ./jnas bench proxies [--n 1000] [--cells 16] [--seeds 2] [--fresh] [--with-peer K]\n"
                        + "       ./jnas bench spark [--trials N] [--train IMAGES]   (runs from the spark module)");
                yield 2;
            }
        };
    }

    /** With {@code JNAS_TRACE=1}, a failed benchmark's stack trace too: where in jnas or DJL the engine refused. */
    static void traceIfAsked(Exception e) {
        if ("1".equals(System.getenv("JNAS_TRACE"))) {
            e.printStackTrace();
        }
    }
}
