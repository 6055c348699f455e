package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked class folder JShell's compiler reads: what goes in, and when the kernel must not use it. */
class CompileClassesTest {
    @TempDir
    Path temp;

    @Test
    void jshellsCompilerReadsTheGivenPathAndNoneOfTheJvmsJars() throws Exception {
        Path src = temp.resolve("src/probe/Which.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package probe; public class Which { public static String folderOnly() { return \"\"; } }");
        Path folder = temp.resolve("compile");
        Files.createDirectories(folder);
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", folder.toString(), src.toString()));
        String before = System.getProperty("java.class.path");
        var control = new CellExecutionControl(new CellClassLoader(getClass().getClassLoader()), 1_000);
        try (jdk.jshell.JShell shell = ShellStart.buildWithCompilerClassPath(control, folder.toString())) {
            shell.addToClasspath(folder.toString()); // as the kernel's start does
            assertEquals(before, System.getProperty("java.class.path"), "the JVM's class path is put back");
            var analysis = shell.sourceCodeAnalysis();
            String probe = "probe.Which.folderOnly()";
            assertEquals("String", analysis.analyzeType(probe, probe.length()));
            // JUnit is on this JVM's class path, not on the path given: javac would index its jar (and all others)
            String junit = "org.junit.jupiter.api.Assertions.class";
            assertEquals(null, analysis.analyzeType(junit, junit.length()),
                    "the compiler sees the JVM's jars: it indexes every one before its first compile");
        }
    }

    @Test
    void unpacksClassesFirstJarFirstAndTheVersionThisJavaLoads() throws Exception {
        Path a = jar("a.jar", false, Map.of("p/A.class", "a1", "p/Both.class", "from a", "p/readme.txt", "text",
                "META-INF/services/x", "svc", "module-info.class", "mod"));
        Path b = jar("b.jar", true, Map.of("p/Both.class", "from b", "q/B.class", "b-base",
                "META-INF/versions/11/q/B.class", "b-11", "META-INF/versions/99/q/B.class", "b-99"));
        Path dir = temp.resolve("classes");
        CompileClasses.unpack(List.of(a, b), dir);

        assertEquals("a1", Files.readString(dir.resolve("p/A.class")));
        assertEquals("from a", Files.readString(dir.resolve("p/Both.class")), "the first jar wins, as on a class path");
        assertEquals("b-11", Files.readString(dir.resolve("q/B.class")), "Java 17 loads the version-11 class");
        assertFalse(Files.exists(dir.resolve("p/readme.txt")));
        assertFalse(Files.exists(dir.resolve("META-INF")));
        assertFalse(Files.exists(dir.resolve("module-info.class")));
        assertTrue(CompileClasses.isCurrent(List.of(a, b), dir));
    }

    @Test
    void theCompilerGetsTheFolderOnlyWhileTheJarsAreTheOnesUnpacked() throws Exception {
        Path a = jar("a.jar", false, Map.of("p/A.class", "a1"));
        Path b = jar("b.jar", false, Map.of("q/B.class", "b1"));
        Path classesDir = Files.createDirectories(temp.resolve("ide-classes"));
        Path dir = temp.resolve("classes");
        CompileClasses.unpack(List.of(a, b), dir);
        String classPath = String.join(File.pathSeparator, a.toString(), classesDir.toString(), b.toString());

        assertEquals(String.join(File.pathSeparator, dir.toString(), classesDir.toString()),
                CompileClasses.forCompiler(classPath, Optional.of(dir)), "jars replaced by the folder");
        assertEquals(classPath, CompileClasses.forCompiler(classPath, Optional.empty()), "no folder named");
        assertEquals(classPath, CompileClasses.forCompiler(classPath, Optional.of(temp.resolve("none"))));

        // a rebuilt jar (same name, new content): the folder is stale, so the compiler reads the jars again
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 5_000));
        assertEquals(classPath, CompileClasses.forCompiler(classPath, Optional.of(dir)));
        // a jar more or less on the class path: stale too
        CompileClasses.unpack(List.of(a, b), dir);
        assertEquals(a.toString() + File.pathSeparator + classesDir,
                CompileClasses.forCompiler(a + File.pathSeparator + classesDir, Optional.of(dir)));
    }

    @Test
    void unpackingAgainReplacesTheFolderWhole() throws Exception {
        Path dir = temp.resolve("classes");
        CompileClasses.unpack(List.of(jar("old.jar", false, Map.of("gone/G.class", "g"))), dir);
        Path now = jar("new.jar", false, Map.of("p/N.class", "n"));
        CompileClasses.unpack(List.of(now), dir);
        assertFalse(Files.exists(dir.resolve("gone")), "no class of an earlier jar survives");
        assertArrayEquals(new byte[] {'n'}, Files.readAllBytes(dir.resolve("p/N.class")));
        try (var siblings = Files.list(temp)) {
            assertEquals(List.of("classes", "new.jar", "old.jar"),
                    siblings.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary folders left");
        }
    }

    private Path jar(String name, boolean multiRelease, Map<String, String> entries) throws Exception {
        Path jar = temp.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (multiRelease) {
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
