package org.jnas.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jnas.proxy.ProxyScore;
import org.jnas.proxy.ProxyScorer;
import org.jnas.proxy.ProxyStudy;
import org.jnas.proxy.Synflow;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.jnas.stats.RankCorrelation;
import org.jnas.stats.Stats;

/**
 * synflow on NAS-Bench-201's network, jnas against the PyTorch peer {@code bench/synflow_reference.py} (Debian's
 * python3-torch), on the same architectures, interleaved one architecture at a time (the side that goes first
 * alternates), 2 threads each. Prints {@code PEER proxy=synflow space=nasbench201 n=.. jnas_ms_median=..
 * peer_ms_median=.. ratio=.. spearman_jnas_vs_peer=..}: the ratio is the figure to compare across machines, and the
 * rank agreement checks that both compute the same kind of score (their random initializations differ).
 */
final class SynflowPeer {
    static final Path SCRIPT = Path.of("bench", "synflow_reference.py");

    private SynflowPeer() {
    }

    static int run(int k) {
        if (!Files.isRegularFile(SCRIPT)) {
            System.err.println("jnas bench proxies --with-peer: " + SCRIPT + " not found; run from the repository root");
            return 2;
        }
        var space = Spaces.nasBench201();
        List<Sample> samples = ProxyStudy.sample(space, k, 0);
        var scorer = ProxyScorer.builder(ProxyStudy.nasBench201Network()).proxies(new Synflow()).build();
        var pb = new ProcessBuilder(DartsBench.peerPython(), SCRIPT.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        DartsBench.peerEnvironment(pb, 2);
        double[] jnasMs = new double[k];
        double[] peerMs = new double[k];
        double[] jnasScore = new double[k];
        double[] peerScore = new double[k];
        try {
            Process peer = pb.start();
            try (var in = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
                 var out = new BufferedWriter(new OutputStreamWriter(peer.getOutputStream(), StandardCharsets.UTF_8))) {
                scorer.score(space.freeze(samples.get(0)), 0); // warm-up of the engine, as the peer's import is
                for (int i = 0; i < k; i++) {
                    String arch = space.toArchString(samples.get(i));
                    if (i % 2 == 1) {
                        ProxyScore s = scorer.score(new Synflow(), space.freeze(samples.get(i)), 0);
                        jnasMs[i] = s.millis();
                        jnasScore[i] = s.value();
                    }
                    out.write(arch + "\n");
                    out.flush();
                    String reply = in.readLine();
                    if (reply == null) {
                        System.err.println("jnas bench proxies --with-peer: the peer stopped (see its error above)");
                        return 1;
                    }
                    String[] parts = reply.split("\t");
                    peerScore[i] = Double.parseDouble(parts[1]);
                    peerMs[i] = Double.parseDouble(parts[2]);
                    if (i % 2 == 0) {
                        ProxyScore s = scorer.score(new Synflow(), space.freeze(samples.get(i)), 0);
                        jnasMs[i] = s.millis();
                        jnasScore[i] = s.value();
                    }
                }
            }
            peer.waitFor();
        } catch (java.io.IOException e) {
            System.err.println("jnas bench proxies --with-peer: cannot run " + DartsBench.peerPython() + " " + SCRIPT + ": "
                    + e.getMessage() + " (apt-get install python3-torch)");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        double[] jx = java.util.stream.IntStream.range(0, k).filter(i -> Double.isFinite(jnasScore[i])
                && peerScore[i] > 0).mapToDouble(i -> jnasScore[i]).toArray();
        double[] px = java.util.stream.IntStream.range(0, k).filter(i -> Double.isFinite(jnasScore[i])
                && peerScore[i] > 0).mapToDouble(i -> peerScore[i]).toArray();
        double jm = Stats.median(jnasMs);
        double pm = Stats.median(peerMs);
        System.out.println(String.format(Locale.ROOT, "PEER proxy=synflow space=nasbench201 n=%d jnas_ms_median=%.1f"
                        + " peer_ms_median=%.1f ratio=%.2f spearman_jnas_vs_peer=%.3f (n=%d both computed)", k, jm, pm,
                jm / pm, RankCorrelation.spearman(jx, px), jx.length));
        return 0;
    }
}
