package org.jnas.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.jnas.Jnas;
import org.jnas.kernel.wire.HardenedConnection;

/**
 * Starts the jnas kernel: {@code java -cp jnas-kernel.jar:lib/* org.jnas.kernel.KernelMain <connection file>}, as
 * written into kernel.json by {@code kernel/install.sh}. Exits when Jupyter asks it to, and also when the process
 * that started it ({@code JPY_PARENT_PID}) is gone, so no orphaned kernels pile up.
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file>   (Jupyter passes {connection_file})\n"
                    + "       KernelMain --selftest            (start, run one cell, exit: install.sh's check)");
            System.exit(2);
        }
        if (args[0].equals("--selftest")) {
            selfTest();
            return;
        }
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            System.err.println("jnas kernel: connection file " + connectionFile + " does not exist");
            System.exit(2);
        }
        // logging first, while System.err is still the process's stderr (cells redirect it to the notebook)
        org.slf4j.LoggerFactory.getLogger(KernelMain.class);
        // The start-up profile (-Djnas.kernel.profileStart=true) shows JShell's warm-up (its first compiles: the
        // imports) as the largest part, so building the kernel begins it on a thread of its own (ShellStart). Meanwhile
        // the kernel is built and opens its sockets, and answers kernel_info at once; a cell, a completion or an
        // inspection waits until JShell is warm.
        CompletableFuture<JnasKernel> building = CompletableFuture.supplyAsync(KernelMain::build);
        Jnas.init();
        watchParent();
        phase("jvm up");
        // not jjava-jupyter's JupyterConnection: its channel threads die of one badly signed or malformed message
        HardenedConnection connection =
                new HardenedConnection(KernelConnectionProperties.parse(Files.readString(connectionFile)));
        phase("sockets made");
        JnasKernel kernel = building.join();
        phase("kernel built");
        kernel.becomeHandlerForConnection(connection);
        Thread warmUp = new Thread(() -> {
            kernel.onStartup();
            phase("jshell ready");
        }, "jnas-warm-up");
        warmUp.start();
        connection.connect();
        phase("listening");
        connection.waitUntilClose();
        System.exit(0); // a cell thread may still run; the kernel is done
    }

    /**
     * Starts the kernel without Jupyter and evaluates one cell using jnas. install.sh runs it to check the build
     * and, with {@code -XX:ArchiveClassesAtExit}, to record the class data archive that speeds up start-up.
     */
    private static void selfTest() {
        Jnas.init();
        JnasKernel kernel = build();
        phase("kernel built");
        kernel.onStartup();
        Object size = kernel.evalRaw("Spaces.nasBench201().size()");
        phase("first cell");
        String text = String.valueOf(kernel.getRenderer().render(size).getData(MIMEType.TEXT_PLAIN));
        if (!"15625".equals(text)) {
            System.err.println("jnas kernel self-test: expected 15625, got " + text);
            System.exit(1);
        }
        openAndCloseSockets(kernel); // so the class data archive also covers the Jupyter side of a start
        phase("sockets");
        System.out.println("jnas kernel self-test ok");
        kernel.onShutdown(false);
        System.exit(0);
    }

    /** Binds the kernel's five sockets on free loopback ports, publishes the starting status, and closes them. */
    private static void openAndCloseSockets(JnasKernel kernel) {
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++) {
            try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports[i] = probe.getLocalPort();
            } catch (java.io.IOException e) {
                return; // no loopback port: the archive just covers less
            }
        }
        String json = String.format("{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_port\": %d,"
                + " \"control_port\": %d, \"stdin_port\": %d, \"hb_port\": %d, \"iopub_port\": %d,"
                + " \"key\": \"selftest\", \"signature_scheme\": \"hmac-sha256\"}", ports[0], ports[1], ports[2],
                ports[3], ports[4]);
        try {
            HardenedConnection connection = new HardenedConnection(KernelConnectionProperties.parse(json));
            kernel.becomeHandlerForConnection(connection);
            connection.connect();
            connection.close();
        } catch (Exception e) {
            System.err.println("jnas kernel self-test: could not open the kernel's sockets on loopback (" + e
                    + "); the class data archive covers less");
        }
    }

    private static final long STARTED = System.nanoTime();
    private static final boolean PROFILE = Boolean.getBoolean("jnas.kernel.profileStart");
    /** The process's stderr, kept: once the kernel runs, System.err goes to the notebook. */
    private static final java.io.PrintStream STDERR = System.err;

    /**
     * When the JVM started, by its own clock; read only when profiling, since it loads java.management (about 30 ms,
     * which the profile's later phases include). Not ProcessHandle's start instant: derived from boot time in clock
     * ticks, it read 370 ms before main() for a JVM whose whole run took 90 ms.
     */
    private static final long JVM_STARTED_MS = PROFILE
            ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

    /** With {@code -Djnas.kernel.profileStart=true}: milliseconds since main() and since JVM start, on stderr. */
    static void phase(String name) {
        if (PROFILE) {
            long jvm = System.currentTimeMillis() - JVM_STARTED_MS;
            STDERR.printf("jnas kernel start: %-14s %5d ms in main, %5d ms since the JVM started%n", name,
                    (System.nanoTime() - STARTED) / 1_000_000, jvm);
        }
    }

    private static JnasKernel build() {
        return JnasKernel.builder()
                .interruptGraceMillis(Long.getLong("jnas.kernel.interruptGraceMillis",
                        JnasKernel.DEFAULT_INTERRUPT_GRACE_MILLIS))
                .lineMagic("classpath", new ClasspathMagic())
                .lineMagic("jars", new ClasspathMagic())
                .lineMagic("maven", new MavenMagic(MavenResolver.fromEnvironment()))
                .build();
    }

    /** Exits when the Jupyter process that started this kernel dies without a shutdown request. */
    private static void watchParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresentOrElse(parent -> {
            parent.onExit().thenRun(() -> {
                System.err.println("jnas kernel: Jupyter (pid " + pid + ") is gone; exiting");
                Runtime.getRuntime().halt(0);
            });
        }, () -> Runtime.getRuntime().halt(0));
    }
}
