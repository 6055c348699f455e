package org.jnas.eval.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Arrays;
import org.jnas.Jnas;

/**
 * Which devices a training evaluation uses: every GPU DJL sees (up to a limit), else the CPU. Kept as a pure
 * function of the device list so the choice is testable on a machine without a GPU.
 */
public final class Devices {
    private Devices() {
    }

    /** The devices of the current engine ({@code Engine.getInstance().getDevices()}) after {@link #choose}. */
    public static Device[] available(int maxGpus) {
        Jnas.init();
        return choose(Engine.getInstance().getDevices(), maxGpus);
    }

    /**
     * The GPUs among {@code seen}, at most {@code maxGpus} of them (0 or less: all), in DJL's order; the CPU when
     * there is no GPU. Use {@link #cpu()} to force the CPU.
     */
    public static Device[] choose(Device[] seen, int maxGpus) {
        Device[] gpus = Arrays.stream(seen).filter(Device::isGpu).toArray(Device[]::new);
        if (gpus.length == 0) {
            return new Device[] {Device.cpu()};
        }
        return maxGpus > 0 && maxGpus < gpus.length ? Arrays.copyOf(gpus, maxGpus) : gpus;
    }

    /** Just the CPU, whatever else is present. */
    public static Device[] cpu() {
        return new Device[] {Device.cpu()};
    }
}
