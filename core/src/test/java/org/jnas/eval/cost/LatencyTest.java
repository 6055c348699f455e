package org.jnas.eval.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.Map;
import java.util.stream.IntStream;
import org.jnas.Jnas;
import org.jnas.strategy.Constraint;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void theMedianIntervalComesFromOrderStatistics() {
        // 20 passes 1..20 ms: median 10.5; ranks 20/2 -+ 1.96*sqrt(20)/2 = 5.62 .. 14.38, rounded outwards to the
        // 5th and 16th smallest (the exact binomial interval is the 6th to 15th: this one is slightly wider)
        double[] passes = IntStream.rangeClosed(1, 20).mapToDouble(i -> i).toArray();
        Latency.Measurement m = Latency.summarize(passes, 0.05);
        assertEquals(10.5, m.medianMs(), 1e-12);
        assertEquals(5, m.lowMs(), 1e-12);
        assertEquals(16, m.highMs(), 1e-12);
        assertEquals(5.5, m.noiseMs(), 1e-12);
        assertEquals(9.5, m.q3Ms() - m.q1Ms(), 1e-12);
        assertFalse(m.stable(), "+-50% is not stable");
        double[] tight = IntStream.range(0, 20).mapToDouble(i -> 2.0 + 0.001 * i).toArray();
        assertTrue(Latency.summarize(tight, 0.05).stable());
        assertEquals(Map.of("latency_ms", 10.5, "latency_ms_iqr", 9.5, "latency_ms_noise", 5.5), m.metrics());
    }

    @Test
    void constraintChecksUseTheMedianAndSayWhenACandidateIsWithinNoiseOfTheLimit() {
        Constraint limit = Constraint.atMost("latency_ms", 1.0);
        var near = Map.of("latency_ms", 0.97, "latency_ms_noise", 0.05);
        var clear = Map.of("latency_ms", 0.80, "latency_ms_noise", 0.05);
        var overNear = Map.of("latency_ms", 1.03, "latency_ms_noise", 0.05);
        assertEquals(0, limit.violation(near));
        assertTrue(limit.withinNoise(near));
        assertFalse(limit.withinNoise(clear));
        assertTrue(limit.violation(overNear) > 0);
        assertTrue(limit.withinNoise(overNear));
        assertFalse(limit.withinNoise(Map.of("latency_ms", 0.99)), "no recorded noise: nothing to say");
    }

    @Test
    void aRealMeasurementTimesAtLeastTheMinimumPassesAndRecordsItsSpread() {
        Jnas.init();
        var net = new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).build())
                .add(Activation::relu).add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(10).build());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            Latency.Measurement m = Latency.defaults().measure(net, manager, new Shape(1, 28, 28));
            assertTrue(m.passes() >= 20 && m.passes() <= 100, m.toString());
            assertTrue(m.lowMs() <= m.medianMs() && m.medianMs() <= m.highMs() && m.lowMs() > 0, m.toString());
            assertTrue(m.stable() || m.passes() == 100, "stops only when stable or at the maximum: " + m);
            var fixed = new Latency(1, 7, 1).measure(net, manager, new Shape(1, 28, 28));
            assertEquals(7, fixed.passes());
            Map<String, Double> costs = Costs.measure(net, manager, new Shape(1, 28, 28), new Latency(1, 9, 1));
            assertTrue(costs.keySet().containsAll(java.util.List.of("latency_ms", "latency_ms_iqr",
                    "latency_ms_noise")), costs.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new Latency(1, 10, 1, 5, 0.05));
    }
}
