package org.jnas.eval.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.Optional;
import org.jnas.Jnas;

/**
 * Which devices a training evaluation uses: every GPU DJL sees (up to a limit), else the CPU; or, on a search
 * worker pinned to a device ({@link #pin}), that one device. Kept as pure functions of the device list so the
 * choice is testable on a machine without a GPU (CPU devices {@code Device.cpu(0)}, {@code Device.cpu(1)} stand in).
 *
 * <p>One trial per device: a search with devices ({@code Search.devices(...)}) pins its worker {@code i} to
 * {@code devices[i % n]} ({@link #forWorker}) for the worker's life; a {@link TrainingEvaluator} on that thread then
 * puts the trial's model, batches and scores on that device alone instead of splitting every trial over all GPUs.
 */
public final class Devices {
    private static final ThreadLocal<Device> PINNED = new ThreadLocal<>();

    private Devices() {
    }

    /** The devices of the current engine ({@code Engine.getInstance().getDevices()}) after {@link #choose}. */
    public static Device[] available(int maxGpus) {
        return choose(visible(), maxGpus);
    }

    /** Every device the engine sees (starts DJL offline): the CPU alone on the default, CPU build. */
    public static Device[] visible() {
        Jnas.init();
        Libtorch.prepare();
        return Engine.getInstance().getDevices();
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

    /** The device of worker {@code worker} (0-based) among {@code devices}: in turn, so n workers on n devices get one each. */
    public static Device forWorker(int worker, Device[] devices) {
        if (devices.length == 0) {
            throw new IllegalArgumentException("no devices to pin workers to; give at least one, e.g. Device.cpu()");
        }
        if (worker < 0) {
            throw new IllegalArgumentException("worker index must be >= 0, got " + worker);
        }
        return devices[worker % devices.length];
    }

    /** Pins the calling thread (a search worker) to {@code device}; {@code null} unpins it. */
    public static void pin(Device device) {
        if (device == null) {
            PINNED.remove();
        } else {
            PINNED.set(device);
        }
    }

    /** The device the calling thread was pinned to, if any. */
    public static Optional<Device> pinned() {
        return Optional.ofNullable(PINNED.get());
    }

    /** The devices a trial on this thread trains on: the pinned device alone, else {@code configured}. */
    public static Device[] forThisTrial(Device[] configured) {
        Device d = PINNED.get();
        return d != null ? new Device[] {d} : configured.clone();
    }
}
