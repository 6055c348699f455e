package org.jnas.kernel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The kernel's jars unpacked into one folder of class files, for JShell's compiler only (classes still load from
 * the jars). javac indexes every jar on its class path entry by entry before its first compile (about 31,000
 * entries here, fastutil and icu4j most of them): about 0.3 s of a 1 s start on 2 cores. A folder it lists lazily,
 * package by package, as cells name them.
 *
 * <p>{@code kernel/install.sh} makes it ({@code java -cp ... org.jnas.kernel.CompileClasses DIR}) and names it in
 * kernel.json ({@code -Djnas.kernel.compileClasses=DIR}). The folder keeps a stamp of the jars it came from (path,
 * size, modification time); a kernel whose jars differ from the stamp (rebuilt without reinstalling) compiles
 * against the jars, as it did before the folder existed, so cells never compile against stale classes. JShell's
 * compiler must get the folder instead of the jars, not after them: {@link ShellStart} sees to that.
 */
final class CompileClasses {
    static final String PROPERTY = "jnas.kernel.compileClasses";
    private static final String STAMP = "jars.stamp";

    private CompileClasses() {
    }

    /** {@code CompileClasses DIR}: unpacks the jars of this JVM's class path into DIR (replacing it). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompileClasses DIR   (unpacks this JVM's class path jars for JShell's compiler)");
            System.exit(2);
        }
        List<Path> jars = jars(System.getProperty("java.class.path", ""));
        unpack(jars, Path.of(args[0]));
    }

    /** The jar entries of a class path, in order. */
    static List<Path> jars(String classPath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                jars.add(Path.of(entry).toAbsolutePath());
            }
        }
        return jars;
    }

    /**
     * The class path to hand JShell's compiler: {@code classPath}'s non-blank entries, its jars replaced by
     * {@code dir} when dir holds exactly these jars' classes (its stamp matches).
     */
    static String forCompiler(String classPath, Optional<Path> dir) {
        List<Path> jars = jars(classPath);
        boolean unpacked = dir.isPresent() && !jars.isEmpty() && isCurrent(jars, dir.get());
        List<String> entries = new ArrayList<>();
        if (unpacked) {
            entries.add(dir.get().toAbsolutePath().toString());
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !(unpacked && jars.contains(Path.of(entry).toAbsolutePath()))) {
                entries.add(entry); // folders of classes (tests, an IDE): javac lists those lazily already
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Whether {@code dir} was unpacked from exactly {@code jars}, as they are now. */
    static boolean isCurrent(List<Path> jars, Path dir) {
        try {
            return Files.readString(dir.resolve(STAMP)).equals(stamp(jars));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Unpacks the class files of {@code jars} into {@code dir}, the first jar winning as on a class path; a
     * multi-release jar gives the classes this Java version would load. Written next to dir and moved into place,
     * so a kernel starting meanwhile sees the old folder or the new one.
     */
    static void unpack(List<Path> jars, Path dir) throws IOException {
        Path target = dir.toAbsolutePath();
        Path fresh = target.resolveSibling(target.getFileName() + ".new" + ProcessHandle.current().pid());
        deleteTree(fresh);
        Files.createDirectories(fresh);
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile(), false, ZipFile.OPEN_READ, Runtime.version())) {
                for (JarEntry entry : (Iterable<JarEntry>) file.versionedStream()::iterator) {
                    String name = entry.getName();
                    if (entry.isDirectory() || !name.endsWith(".class") || name.startsWith("META-INF/")
                            || name.endsWith("module-info.class")) {
                        continue;
                    }
                    Path out = fresh.resolve(name).normalize();
                    if (!out.startsWith(fresh) || Files.exists(out)) {
                        continue; // outside the folder (a malformed jar), or an earlier jar has the class
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
        }
        Files.writeString(fresh.resolve(STAMP), stamp(jars));
        Path old = target.resolveSibling(target.getFileName() + ".old" + ProcessHandle.current().pid());
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static String stamp(List<Path> jars) {
        StringBuilder s = new StringBuilder();
        for (Path jar : jars) {
            try {
                s.append(jar.toAbsolutePath()).append('\t').append(Files.size(jar)).append('\t')
                        .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
            } catch (IOException e) {
                s.append(jar.toAbsolutePath()).append("\tmissing\n");
            }
        }
        return s.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
