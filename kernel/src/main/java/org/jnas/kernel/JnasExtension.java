package org.jnas.kernel;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.jnas.Jnas;
import org.jnas.notebook.Notebook;
import org.jnas.notebook.NotebookBackend;
import org.jnas.render.Displayable;
import org.jnas.render.Tables;
import tech.tablesaw.api.Table;

/**
 * jnas in any kernel built on JJava's kernel library: the jnas kernel loads it at start-up, and a stock JJava
 * kernel loads it when this jar is added (it is listed in {@code META-INF/services}). It sets DJL offline, registers
 * renderers ({@link Displayable} with its own MIME bundle, Tablesaw tables as HTML; images come with JJava), gives
 * {@link Notebook} a backend so library code can show live output, and imports the jnas packages present.
 */
public final class JnasExtension implements Extension {
    /** Packages imported into cells when present; the later ones arrive with other parts of jnas. */
    public static final List<String> IMPORTED_PACKAGES = List.of(
            "org.jnas", "org.jnas.space", "org.jnas.ops", "org.jnas.eval", "org.jnas.data", "org.jnas.notebook",
            "org.jnas.run", "org.jnas.strategy", "org.jnas.render", "org.jnas.darts", "org.jnas.eval.djl",
            "org.jnas.eval.benchmark", "org.jnas.eval.cost", "org.jnas.stats", "org.jnas.proxy", "org.jnas.oneshot",
            "org.jnas.baselines");

    private NotebookBackend backend;

    @Override
    public void install(BaseKernel kernel) {
        Jnas.init();
        registerRenderers(kernel.getRenderer());
        backend = new KernelBackend(kernel);
        Notebook.install(backend);
        String imports = importStatements(JnasExtension.class.getClassLoader());
        if (kernel instanceof JnasKernel jnas) {
            // the jnas kernel imported them as it started (ShellStart): evaluating them again costs a compile each
            var active = ShellStart.activeImports(jnas.jshell());
            imports = imports.lines().filter(l -> !l.isBlank() && !active.contains(l.strip()))
                    .collect(java.util.stream.Collectors.joining("\n"));
        }
        if (imports.isBlank()) {
            return;
        }
        try {
            kernel.evalRaw(imports);
        } catch (RuntimeException e) {
            System.err.println("jnas: could not import the jnas packages: " + e.getMessage());
        }
    }

    @Override
    public void uninstall(BaseKernel kernel) {
        Notebook.uninstall(backend);
    }

    /** {@code import p.*;} for each of {@link #IMPORTED_PACKAGES} that {@code loader} can see. */
    static String importStatements(ClassLoader loader) {
        List<String> lines = new ArrayList<>();
        for (String pkg : IMPORTED_PACKAGES) {
            if (loader.getResource(pkg.replace('.', '/') + "/") != null) {
                lines.add("import " + pkg + ".*;");
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** The jnas renderers: each gives a rich form for notebooks and a plain-text form for terminal clients. */
    public static void registerRenderers(Renderer renderer) {
        renderer.createRegistration(Displayable.class).register((value, context) -> {
            DisplayData out = context.getOutputContainer();
            for (Map.Entry<String, Object> e : value.mimeBundle().entrySet()) {
                Object data = e.getValue();
                if (data instanceof byte[] bytes) {
                    out.putData(e.getKey(), Base64.getEncoder().encodeToString(bytes));
                } else if (data != null) {
                    out.putData(e.getKey(), data instanceof CharSequence ? data.toString() : data);
                }
            }
        });
        // JJava draws an image as PNG with toString() as its text ("BufferedImage@41a5fff5: type = 1 ..."), which is
        // what a terminal client (jupyter console) prints: say what the image is instead
        renderer.createRegistration(java.awt.image.RenderedImage.class).register((image, context) -> {
            DisplayData out = context.getOutputContainer();
            var png = new java.io.ByteArrayOutputStream();
            try {
                javax.imageio.ImageIO.write(image, "png", png);
                out.putData("image/png", Base64.getEncoder().encodeToString(png.toByteArray()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.putText("image " + image.getWidth() + " x " + image.getHeight() + " px (PNG in a notebook)");
        });
        renderer.createRegistration(Table.class).register((table, context) -> {
            DisplayData out = context.getOutputContainer();
            out.putHTML(Tables.html(table));
            out.putText(table.print());
        });
    }

    /** {@link Notebook}'s backend: the kernel's renderer and display stream. */
    private static final class KernelBackend implements NotebookBackend {
        private final BaseKernel kernel;

        KernelBackend(BaseKernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public String display(Object value) {
            String id = UUID.randomUUID().toString();
            if (!kernel.getIO().display.isAttached()) {
                System.out.println(Notebook.plainText(value)); // no cell running: nowhere to show it richly
                return id;
            }
            DisplayData data = kernel.getRenderer().render(value);
            data.setDisplayId(id);
            kernel.display(data);
            return id;
        }

        @Override
        public void update(String displayId, Object value) {
            if (kernel.getIO().display.isAttached()) {
                kernel.getIO().display.updateDisplay(displayId, kernel.getRenderer().render(value));
            }
        }
    }
}
