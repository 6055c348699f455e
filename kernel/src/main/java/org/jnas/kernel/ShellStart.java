package org.jnas.kernel;

import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Creates the cells' JShell on a thread of its own and evaluates the imports every cell sees, started first thing
 * in the kernel process. javac's first compile is the slowest part of a start (about 0.4 s of about 0.9 s on 2
 * cores, {@code -Djnas.kernel.profileStart=true}); begun here, it overlaps with building the kernel, opening the
 * sockets and answering kernel_info instead of following them.
 */
final class ShellStart {
    /** The imports of JShell's own default start-up, which JShell built through its API does not have. */
    static final List<String> JSHELL_DEFAULT_IMPORTS = List.of("import java.io.*;", "import java.math.*;",
            "import java.net.*;", "import java.nio.file.*;", "import java.util.*;", "import java.util.concurrent.*;",
            "import java.util.function.*;", "import java.util.prefs.*;", "import java.util.regex.*;",
            "import java.util.stream.*;");

    /**
     * The notebook functions: display, updateDisplay, render (jjava-jupyter) and clearOutput (this kernel). The
     * first one heads the single snippet that holds all start-up imports (see {@link #evalImports}).
     */
    static final List<String> NOTEBOOK_IMPORTS = List.of(
            "import static org.jnas.kernel.KernelStatics.*;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.display;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.updateDisplay;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.render;");

    private ShellStart() {
    }

    /**
     * Starts building JShell on its own thread: in-process execution through {@code control}, the JVM's class path
     * handed to its compiler, then the default, notebook and jnas imports. The future fails if any import does not
     * compile (a broken installation: the kernel then says so on the first cell).
     */
    static CompletableFuture<JShell> begin(CellExecutionControl control, ClassLoader loader) {
        CompletableFuture<JShell> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(build(control, loader));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "jnas-shell-start");
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    private static JShell build(CellExecutionControl control, ClassLoader loader) {
        // JShell's compiler gets every class path entry (the launcher expands lib/*), the jars as the one folder of
        // their classes that install.sh unpacked, when it is current (CompileClasses)
        String jvmClassPath = System.getProperty("java.class.path", "");
        String classPath = CompileClasses.forCompiler(jvmClassPath,
                Optional.ofNullable(System.getProperty(CompileClasses.PROPERTY)).map(Path::of));
        JShell shell = buildWithCompilerClassPath(control, classPath);
        if (!classPath.isEmpty()) {
            shell.addToClasspath(classPath);
        }
        KernelMain.phase("jshell built");
        List<String> imports = new ArrayList<>(NOTEBOOK_IMPORTS);
        imports.addAll(JSHELL_DEFAULT_IMPORTS);
        imports.addAll(JnasExtension.importStatements(loader).lines().filter(l -> !l.isBlank()).toList());
        evalImports(shell, imports);
        KernelMain.phase("imports");
        return shell;
    }

    /**
     * Builds JShell so that its compiler starts from {@code compilerClassPath}. JShell's compiler class path begins
     * as the java.class.path property, read while JShell is built, and addToClasspath only appends to it: the jars
     * would stay first, and javac indexes every entry of every jar before its first compile (about 0.2 s of a start
     * on 2 cores for the kernel's 31,000 entries). So the property names the compiler's path while JShell is built,
     * and is put back at once. Nothing else in the kernel reads it that early (the engine and the cells start later);
     * if a JDK stopped reading it there, the folder would still be on the path, after the jars, as before.
     */
    static JShell buildWithCompilerClassPath(CellExecutionControl control, String compilerClassPath) {
        String jvmClassPath = System.getProperty("java.class.path", "");
        boolean swap = !compilerClassPath.isEmpty() && !compilerClassPath.equals(jvmClassPath);
        if (swap) {
            System.setProperty("java.class.path", compilerClassPath);
        }
        try {
            return JShell.builder()
                    .executionEngine(control.provider(), null)
                    .compilerOptions("-Xlint:none", "-proc:none")
                    .build();
        } finally {
            if (swap) {
                System.setProperty("java.class.path", jvmClassPath);
            }
        }
    }

    /**
     * Evaluates the imports as one JShell snippet: one compile instead of one each (about 30 of them, 0.2 s of a
     * start). JShell keeps every import of a snippet active. It replaces the whole snippet only when an import of
     * the same name as its first comes again, so the first is one no cell writes (KernelStatics.*). If the snippet
     * does not compile, each import is tried alone, so the message names the ones that fail.
     */
    private static void evalImports(JShell shell, List<String> imports) {
        List<SnippetEvent> together = shell.eval(String.join("\n", imports));
        if (together.size() == 1 && together.get(0).status() == Snippet.Status.VALID) {
            return;
        }
        together.forEach(e -> shell.drop(e.snippet()));
        List<String> failed = new ArrayList<>();
        for (String statement : imports) {
            for (SnippetEvent event : shell.eval(statement)) {
                if (event.causeSnippet() == null && event.status() != Snippet.Status.VALID) {
                    failed.add(statement + " (" + shell.diagnostics(event.snippet())
                            .map(d -> d.getMessage(java.util.Locale.ROOT)).findFirst().orElse("no message") + ")");
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("the kernel's start-up imports did not compile: " + failed
                    + "; is the kernel's lib/ folder complete? Rebuild and reinstall it: ./jnas setup");
        }
    }

    /** The import statements active in {@code shell}, one each ({@code import java.util.*;}). */
    static List<String> activeImports(JShell shell) {
        return shell.imports().flatMap(i -> java.util.Arrays.stream(i.source().split(";")))
                .map(String::strip).filter(st -> !st.isEmpty()).map(st -> st + ";").toList();
    }
}
