package org.jnas.kernel;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The jnas Jupyter kernel: Java cells evaluated by JShell inside the kernel's own JVM, with jnas and its
 * dependencies on the class path and imported. Built on JJava's kernel library ({@link BaseKernel}: the Jupyter
 * protocol, display data, magics registry, the {@code Extension} SPI through which {@link JnasExtension} adds the
 * jnas renderers and imports).
 *
 * <p>A cell is split into magic lines and Java code ({@link CellSource}); the Java is cut into JShell snippets and
 * run one after another on a cell thread ({@link CellExecutionControl}); the value of the last expression is the
 * cell's result. Failures become {@link CellError}s with a readable traceback.
 */
public final class JnasKernel extends BaseKernel {
    /** Milliseconds an interrupted cell gets to end on its own before it is stopped hard. */
    public static final long DEFAULT_INTERRUPT_GRACE_MILLIS = 3000;

    private static final Pattern MAGIC_PREFIX = Pattern.compile("^(\\s*)%([\\w-]*)$");
    private static final Set<Snippet.SubKind> VALUE_KINDS = Set.of(Snippet.SubKind.VAR_VALUE_SUBKIND,
            Snippet.SubKind.OTHER_EXPRESSION_SUBKIND, Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);

    /** Completions every object has, offered after a value's own members. */
    private static final Set<String> OBJECT_MEMBERS = Set.of("equals(", "getClass()", "hashCode()", "notify()",
            "notifyAll()", "toString()", "wait(");

    /** JShell, being built and warmed up with the imports from the process start on ({@link ShellStart}). */
    private final java.util.concurrent.CompletableFuture<JShell> shellStart;
    private final CellExecutionControl control;
    private final CellClassLoader cellLoader;
    private final List<Interruptible> interruptibleMagics;
    private final CellHistory cellHistory;
    private final CellIO cellIO;
    /** The request of the cell running now (null between cells): where clear_output goes. */
    private volatile ShellReplyEnvironment runningCell;
    private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
    private volatile Throwable startupFailure;
    private volatile boolean waitingForStartup;
    private volatile boolean interruptedWhileStarting;
    private String lastResultText;

    private JnasKernel(String name, String version, CellHistory history, CellIO io, CommManager comms,
            Renderer renderer, MagicsRegistry magics, boolean extensionsEnabled, StringStyler errorStyler,
            CellClassLoader cellLoader, CellExecutionControl control,
            java.util.concurrent.CompletableFuture<JShell> shellStart, List<Interruptible> interruptibles) {
        super(name, version,
                new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java",
                        "text/x-java", null),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/")),
                history, io, comms, renderer, null, magics, extensionsEnabled, errorStyler);
        this.shellStart = shellStart;
        this.control = control;
        this.cellLoader = cellLoader;
        this.interruptibleMagics = List.copyOf(interruptibles);
        this.cellHistory = history;
        this.cellIO = io;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Installs the extensions found on the class path (the jnas one among them: renderers,
     * {@code org.jnas.notebook.Notebook}'s backend) and waits until JShell has started with the default, notebook
     * and jnas imports, which {@link ShellStart} began when the kernel was built.
     */
    @Override
    public void onStartup() {
        try {
            startUp();
        } catch (RuntimeException | Error e) {
            startupFailure = e;
            throw e;
        } finally {
            ready.countDown();
        }
    }

    /**
     * Waits until {@link #onStartup} has finished: the connection listens before JShell is warm, so a request
     * that needs JShell may arrive first.
     */
    private void awaitStartup() {
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the kernel was starting", e);
        }
        if (startupFailure != null) {
            throw new IllegalStateException("the kernel failed to start: " + startupFailure, startupFailure);
        }
    }

    private void startUp() {
        super.onStartup(); // extensions: the jnas one registers its renderers while JShell may still be starting
        shell(); // JShell with the default, notebook and jnas imports (ShellStart), or why it could not start
        KernelMain.phase("extensions");
    }

    /** The started JShell; waits while it is still starting. */
    private JShell shell() {
        try {
            return shellStart.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.toString(), cause);
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        shellStart.thenAccept(JShell::close); // now, or when it has started
    }

    @Override
    protected ClassLoader getClassLoader() {
        return cellLoader;
    }

    /** Adds jars or class folders to the cells' class path (compiler and class loader) and installs extensions. */
    public void addToClasspath(List<File> entries) {
        for (File f : entries) {
            if (!f.exists()) {
                throw new CellError.MagicError("no such file or folder: " + f
                        + " (paths are relative to the kernel's working directory, the notebook's folder)");
            }
        }
        String joined = entries.stream().map(File::getAbsolutePath).collect(Collectors.joining(File.pathSeparator));
        shell().addToClasspath(joined);
        if (extensionsEnabled) {
            installExtensions(cellLoader);
        }
    }

    /** The JShell instance that evaluates cells. */
    public JShell jshell() {
        return shell();
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellError cellError) {
            return cellError.traceback();
        }
        return Tracebacks.format(e);
    }

    @Override
    public void interrupt() {
        if (waitingForStartup) {
            interruptedWhileStarting = true; // the cell waiting for JShell's warm-up will not run
        }
        control.interrupt();
        for (Interruptible magic : interruptibleMagics) {
            magic.interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ protocol fixes

    /**
     * kernel_info_reply as the messaging spec has it: jjava-jupyter's reply lacks {@code "status": "ok"}, which
     * jupyter_kernel_test's schema (and so a strict client) rejects.
     */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfoWithStatus(name, version, getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    /** jjava-jupyter's KernelInfoReply plus the status field (serialized by reflection, fields included). */
    static final class KernelInfoWithStatus extends KernelInfoReply {
        @com.google.gson.annotations.SerializedName("status")
        private final String status = "ok";

        KernelInfoWithStatus(String name, String version, LanguageInfo language, String banner,
                List<HelpLink> links) {
            super(Header.PROTOCOL_VERISON, name, version, language, banner, links);
        }
    }

    /**
     * history_reply as the spec has it: {@code "status": "ok"} and {@code history} as a list of
     * {@code [session, line, input]} (or {@code [session, line, [input, output]]}); jjava-jupyter's reply has no
     * status and its serializer writes the entries as objects.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> request) {
        env.setBusyDeferIdle();
        HistoryRequest r = request.getContent();
        var flags = java.util.EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (r.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries;
        if (r instanceof HistoryRequest.Tail tail) {
            entries = cellHistory.lookupTail(tail.getMaxReturnLength(), flags);
        } else if (r instanceof HistoryRequest.Range range) {
            entries = cellHistory.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
        } else if (r instanceof HistoryRequest.Search search) {
            if (search.filterUnique()) {
                flags.add(HistoryManager.ResultFlag.UNIQUE);
            }
            entries = cellHistory.search(search.getPattern(), search.getMaxReturnLength(), flags);
        } else {
            entries = List.of();
        }
        JsonArray history = new JsonArray();
        for (HistoryEntry e : entries) {
            JsonArray row = new JsonArray();
            row.add(e.getSession());
            row.add(e.getCellNumber());
            if (e.getOutput() != null) {
                JsonArray io = new JsonArray();
                io.add(e.getInput());
                io.add(e.getOutput());
                row.add(io);
            } else {
                row.add(e.getInput());
            }
            history.add(row);
        }
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.add("history", history);
        env.reply(new Message(request, MessageType.HISTORY_REPLY, content));
    }

    /**
     * Runs a cell as jjava-jupyter does, and records it for history requests (jjava-jupyter keeps no history). A
     * silent request or one that stores no history goes its own way ({@link #runUncounted}): jjava-jupyter numbers
     * and broadcasts every request alike.
     */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> request) {
        ExecuteRequest content = request.getContent();
        lastResultText = null;
        runningCell = env;
        if (content.isSilent() || !content.shouldStoreHistory()) {
            try {
                runUncounted(env, request);
            } finally {
                runningCell = null;
            }
            return;
        }
        int number = super.executionCount.get(); // the number the base class gives this cell
        try {
            super.handleExecuteRequest(env, request);
        } finally {
            runningCell = null;
        }
        cellHistory.record(number, content.getCode(), lastResultText);
    }

    /**
     * The messaging spec: a request with {@code store_history} false does not advance {@code execution_count}, and
     * its reply carries the counter's current value; a silent one also broadcasts no {@code execute_input} and no
     * {@code execute_result} (what a front end's own silent requests expect, widgets and completers among them).
     * Its printed output and errors still reach iopub, as with ipykernel. Otherwise as the base class runs a cell.
     */
    private void runUncounted(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int current = super.executionCount.get() - 1; // the base class's counter holds the next number
        env.setBusyDeferIdle();
        if (!request.isSilent()) {
            env.publish(new org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput(request.getCode(), current));
        }
        replaceOutputStreams(env);
        cellIO.attachFor(env, request.isStdinEnabled());
        try {
            DisplayData out = eval(request.getCode());
            if (out != null && !request.isSilent()) {
                env.publish(new org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult(current, out));
            }
            env.defer().reply(new org.dflib.jjava.jupyter.messages.reply.ExecuteReply(current,
                    java.util.Collections.emptyMap()));
        } catch (Exception e) {
            var error = org.dflib.jjava.jupyter.messages.reply.ErrorReply.of(e);
            error.setExecutionCount(current);
            env.publish(org.dflib.jjava.jupyter.messages.publish.PublishError.of(e, this::formatError));
            env.defer().replyError(ExecuteRequest.REPLY_MESSAGE_TYPE.error(), error);
        }
    }

    @Override
    public DisplayData eval(String code) {
        if (ready.getCount() > 0) {
            // the kernel listens before JShell is warm: a cell sent at once waits here, and an interrupt meanwhile
            // stops it before it runs (else the interrupt would be lost and the cell run anyway)
            waitingForStartup = true;
            try {
                awaitStartup();
            } finally {
                waitingForStartup = false;
            }
            if (interruptedWhileStarting) {
                interruptedWhileStarting = false;
                throw new CellError.Interrupted(List.of(
                        "Interrupted: the cell was stopped while the kernel was starting; it did not run."));
            }
        }
        awaitStartup(); // returns at once once started; says so if start-up failed
        DisplayData result = super.eval(code);
        Object text = result == null ? null : result.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
        lastResultText = text == null ? null : text.toString();
        return result;
    }

    /** Clears the running cell's output (clear_output); outside a cell there is nothing to clear. */
    void clearOutput(boolean wait) {
        ShellReplyEnvironment env = runningCell;
        if (env != null) {
            System.out.flush(); // what the cell printed before belongs before the clear
            System.err.flush();
            env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    @Override
    public Object evalRaw(String source) {
        control.beginCell();
        Object last = null;
        for (CellSource.Part part : CellSource.parse(source.replace("\r\n", "\n")).parts()) {
            if (part instanceof CellSource.Magic magic) {
                last = runMagic(magic);
            } else if (part instanceof CellSource.Java java) {
                last = evalJava(java.code(), java.firstLine());
            }
        }
        if (control.cellWasInterrupted()) {
            // interrupted code that ended on its own (a search keeps its results so far), as when Python code
            // catches KeyboardInterrupt: the rest of the cell ran
            System.err.println("(interrupted: the interrupted code ended early and the cell went on)");
        }
        return last;
    }

    private Object runMagic(CellSource.Magic magic) {
        try {
            return magicsRegistry.evalLineMagic(this, magic.name(), magic.args());
        } catch (UndefinedMagicException e) {
            throw new CellError.MagicError("unknown magic %" + magic.name() + "; this kernel knows %"
                    + String.join(", %", new java.util.TreeSet<>(magicsRegistry.getLineMagicNames())));
        } catch (CellError e) {
            throw e;
        } catch (Exception e) {
            throw new CellError.MagicError("%" + magic.name() + " failed: " + e.getMessage());
        }
    }

    private Object evalJava(String code, int firstLine) {
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        Object last = null;
        int consumed = 0;
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            int start = snippetStart(code, consumed, info.source());
            last = evalSnippet(info.source(), code, start, firstLine);
            consumed = code.length() - info.remaining().length();
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            int start = snippetStart(code, consumed, info.remaining());
            int line = firstLine + lineOf(code, start) - 1;
            String text = info.remaining().strip();
            throw new CellError.CompileError("incomplete code at line " + line, List.of(
                    "Incomplete code at line " + line + " (a missing ';', ')' or '}'?):",
                    "    " + text.lines().findFirst().orElse("")));
        }
        return last;
    }

    private Object evalSnippet(String snippetSource, String code, int start, int firstLine) {
        Object value = null;
        List<SnippetEvent> events = shell().eval(snippetSource);
        try {
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    continue; // an older snippet updated by this one
                }
                Snippet snippet = event.snippet();
                if (event.status() == Snippet.Status.REJECTED) {
                    throw compileError(snippet, code, start, firstLine);
                }
                JShellException thrown = event.exception();
                if (thrown != null) {
                    throw evalError(thrown);
                }
                if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED
                        && snippet instanceof DeclarationSnippet declaration) {
                    System.err.println("note: " + declaration.name() + " is declared but cannot be used until "
                            + shell().unresolvedDependencies(declaration).collect(Collectors.joining(", "))
                            + " is declared");
                }
                if (event.value() != null && snippet.subKind().isExecutable()) {
                    Object result = control.takeResult(event.value());
                    if (VALUE_KINDS.contains(snippet.subKind())) {
                        value = result;
                    }
                }
            }
            return value;
        } finally {
            control.clearResults();
        }
    }

    private CellError evalError(JShellException thrown) {
        if (thrown instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet snippet = unresolved.getSnippet();
            String missing = shell().unresolvedDependencies(snippet).collect(Collectors.joining(", "));
            String message = snippet.name() + " cannot run until " + missing + " is declared";
            return new CellError.EvalError(new IllegalStateException(message), List.of(message));
        }
        Throwable real = control.takeLastFailure();
        if (control.wasInterrupted()) {
            List<String> lines = new ArrayList<>();
            lines.add("Interrupted: the cell was stopped before it finished.");
            if (real != null && !(real instanceof InterruptedException) && !(real instanceof ThreadDeath)) {
                lines.addAll(Tracebacks.format(real));
            }
            return new CellError.Interrupted(lines);
        }
        Throwable shown = real != null ? real : thrown;
        List<String> lines = new ArrayList<>(Tracebacks.format(shown));
        if (shown instanceof StackOverflowError) {
            lines.add("(the kernel is fine: deep or endless recursion in the cell overflowed its stack)");
        } else if (shown instanceof OutOfMemoryError) {
            lines.add("(the kernel is fine: the cell ran out of the kernel's "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap; what variables still reference"
                    + " stays in memory: set them to null, or reinstall the kernel with a larger -Xmx in"
                    + " JNAS_KERNEL_JAVA_OPTS)");
        }
        return new CellError.EvalError(shown, lines);
    }

    private CellError compileError(Snippet snippet, String code, int start, int firstLine) {
        List<String> lines = new ArrayList<>();
        String firstMessage = null;
        String[] cellLines = code.split("\n", -1);
        for (Diag diag : (Iterable<Diag>) shell().diagnostics(snippet)::iterator) {
            if (!diag.isError()) {
                continue;
            }
            String message = diag.getMessage(Locale.ROOT);
            if (firstMessage == null) {
                firstMessage = message.lines().findFirst().orElse(message);
            }
            long pos = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
            if (pos >= 0) {
                int abs = (int) Math.min(code.length(), start + pos);
                int line = lineOf(code, abs);
                int column = abs - (code.lastIndexOf('\n', abs - 1) + 1);
                long endPos = diag.getEndPosition() >= 0 ? start + diag.getEndPosition() : abs + 1;
                String text = cellLines[line - 1];
                int width = (int) Math.max(1, Math.min(endPos - abs, text.length() - column));
                lines.add("Compile error at line " + (firstLine + line - 1) + ": " + message.lines().findFirst()
                        .orElse(message));
                lines.add("    " + text);
                lines.add("    " + " ".repeat(column) + "^" + "~".repeat(Math.max(0, width - 1)));
                message.lines().skip(1).filter(l -> !l.strip().startsWith("location:"))
                        .forEach(l -> lines.add("    " + l.strip()));
            } else {
                lines.add("Compile error: " + message);
            }
        }
        if (lines.isEmpty()) {
            lines.add("Compile error in: " + snippet.source().strip());
            firstMessage = "the code does not compile";
        }
        return new CellError.CompileError(firstMessage, lines);
    }

    /**
     * Where a snippet JShell cut out of the code starts, searching from {@code from}: diagnostics count from the
     * first character of the snippet's source, which may begin with the blank lines before it.
     */
    private static int snippetStart(String code, int from, String snippetSource) {
        int exact = code.indexOf(snippetSource, from);
        if (exact >= 0) {
            return exact;
        }
        if (snippetSource.endsWith(";")) { // JShell added the semicolon
            exact = code.indexOf(snippetSource.substring(0, snippetSource.length() - 1), from);
            if (exact >= 0) {
                return exact;
            }
        }
        String probe = snippetSource.strip();
        probe = probe.substring(0, Math.min(probe.length(), 24));
        int found = probe.isEmpty() ? -1 : code.indexOf(probe, from);
        return found >= 0 ? found : from;
    }

    /** 1-based line of a character position. */
    private static int lineOf(String code, int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    // ------------------------------------------------------------------------------ completion, inspection

    @Override
    public ReplacementOptions complete(String code, int at) {
        awaitStartup();
        int lineStart = code.lastIndexOf('\n', at - 1) + 1;
        Matcher magic = MAGIC_PREFIX.matcher(code.substring(lineStart, at));
        if (magic.matches()) {
            List<String> names = magicsRegistry.getLineMagicNames().stream()
                    .filter(n -> n.startsWith(magic.group(2))).sorted().map(n -> "%" + n).toList();
            return names.isEmpty() ? null
                    : new ReplacementOptions(names, lineStart + magic.group(1).length(), at);
        }
        int base = currentSnippetStart(code, at);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                shell().sourceCodeAnalysis().completionSuggestions(code.substring(base, at), at - base, anchor);
        if (suggestions == null || suggestions.isEmpty()) {
            return null;
        }
        // the value's own members first (Search.of(space). offers strategy(, budget(, ...), java.lang.Object's last
        List<String> options = suggestions.stream()
                .sorted(java.util.Comparator.comparing((SourceCodeAnalysis.Suggestion s) -> !s.matchesType())
                        .thenComparing(s -> OBJECT_MEMBERS.contains(s.continuation())))
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return new ReplacementOptions(options, base + anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        awaitStartup();
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        if (end < code.length() && code.charAt(end) == '(') {
            end++;
        }
        int base = currentSnippetStart(code, Math.min(end, code.length()));
        List<SourceCodeAnalysis.Documentation> docs =
                shell().sourceCodeAnalysis().documentation(code.substring(base, end), end - base, true);
        if ((docs == null || docs.isEmpty()) && (end == 0 || code.charAt(end - 1) != '(')) {
            // the cursor right after a method name ("Math.max|"): JShell documents calls, so ask as if at "max(|"
            String call = code.substring(base, end) + "(";
            docs = shell().sourceCodeAnalysis().documentation(call, call.length(), true);
        }
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.stream()
                .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n" + d.javadoc()))
                .collect(Collectors.joining("\n\n")));
    }

    /** Start of the snippet the cursor is in: JShell completes one snippet, not a whole cell. */
    private int currentSnippetStart(String code, int at) {
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        int base = 0;
        while (base < at) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code.substring(base, at));
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                break;
            }
            base = at - info.remaining().length();
        }
        return base;
    }

    @Override
    public String isComplete(String code) {
        awaitStartup();
        List<String> java = new ArrayList<>();
        for (CellSource.Part part : CellSource.parse(code).parts()) {
            if (part instanceof CellSource.Java j) {
                java.add(j.code());
            }
        }
        SourceCodeAnalysis analysis = shell().sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(String.join("\n", java));
        while (info.completeness().isComplete() && info.completeness() != SourceCodeAnalysis.Completeness.UNKNOWN) {
            info = analysis.analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case EMPTY, COMPLETE, COMPLETE_WITH_SEMI -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> nextIndent(info.remaining());
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    /** Indentation for the next line: the last line's, one level deeper after an opening brace or paren. */
    private static String nextIndent(String partial) {
        String[] lines = partial.split("\n", -1);
        String last = lines[lines.length - 1];
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        String trimmed = last.strip();
        boolean opens = trimmed.endsWith("{") || trimmed.endsWith("(");
        return opens ? indent + "    " : indent.isEmpty() ? "    " : indent;
    }

    // ----------------------------------------------------------------------------------------------- builder

    /** Builds the kernel: JShell with the in-process execution control and the JVM's class path. */
    public static final class Builder extends BaseKernelBuilder<Builder, JnasKernel> {
        private long interruptGraceMillis = DEFAULT_INTERRUPT_GRACE_MILLIS;
        private final List<Interruptible> interruptibles = new ArrayList<>();

        private Builder() {
            name("jnas");
            version(JnasKernel.class.getPackage().getImplementationVersion() == null ? "0.1.0-SNAPSHOT"
                    : JnasKernel.class.getPackage().getImplementationVersion());
            jupyterIOEncoding(StandardCharsets.UTF_8);
        }

        /** How long an interrupted cell may take to end on its own before it is stopped hard. */
        public Builder interruptGraceMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("interrupt grace must be >= 0 ms, got " + millis);
            }
            this.interruptGraceMillis = millis;
            return this;
        }

        /** Registers a line magic; one that runs long outside the cell thread also learns of interrupts. */
        @Override
        public Builder lineMagic(String name, LineMagic<?, ?> magic) {
            if (magic instanceof Interruptible interruptible) {
                interruptibles.add(interruptible);
            }
            return super.lineMagic(name, magic);
        }

        @Override
        public JnasKernel build() {
            CellClassLoader loader = new CellClassLoader(JnasKernel.class.getClassLoader());
            CellExecutionControl control = new CellExecutionControl(loader, interruptGraceMillis);
            // first: the slowest part of a start, on its own thread while the rest is built
            var shellStart = ShellStart.begin(control, loader);
            CellHistory history = new CellHistory();
            return new JnasKernel(buildName(), buildVersion(), history,
                    new CellIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
                    buildMagicsRegistry(), buildExtensionsEnabled(), buildErrorStyler(), loader, control, shellStart,
                    interruptibles);
        }
    }
}
