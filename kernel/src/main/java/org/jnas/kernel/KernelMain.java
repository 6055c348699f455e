package org.jnas.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Jnas.init();
        watchParent();

        phase("jvm up");

        // not jjava-jupyter's JupyterConnection: its channel threads die of one badly signed or malformed message
        HardenedConnection connection =
                new HardenedConnection(KernelConnectionProperties.parse(Files.readString(connectionFile)));
        JnasKernel kernel = build();
        phase("kernel built");
        kernel.becomeHandlerForConnection(connection);
        // Listen first, then warm JShell (imports, extensions): kernel_info is answered at once and the JShell
        // start overlaps the client's handshake; a cell, completion or inspection waits until JShell is ready.
        connection.connect();
        phase("listening");
        kernel.onStartup();
        phase("jshell ready");
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
        kernel.onStartup();
        Object size = kernel.evalRaw("Spaces.nasBench201().size()");
        String text = String.valueOf(kernel.getRenderer().render(size).getData(MIMEType.TEXT_PLAIN));
        if (!"15625".equals(text)) {
            System.err.println("jnas kernel self-test: expected 15625, got " + text);
            System.exit(1);
        }
        System.out.println("jnas kernel self-test ok");
        kernel.onShutdown(false);
        System.exit(0);
    }

    private static final long STARTED = System.nanoTime();
    private static final boolean PROFILE = Boolean.getBoolean("jnas.kernel.profileStart");

    /** With {@code -Djnas.kernel.profileStart=true}: milliseconds since main() and since JVM start, on stderr. */
    static void phase(String name) {
        if (PROFILE) {
            long jvm = System.currentTimeMillis() - ProcessHandle.current().info().startInstant()
                    .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis());
            System.err.printf("jnas kernel start: %-14s %5d ms in main, %5d ms since the JVM started%n", name,
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
