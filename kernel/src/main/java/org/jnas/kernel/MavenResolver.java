package org.jnas.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Resolves Maven coordinates to jars, with their runtime dependencies, by asking Maven itself (the {@code mvn} that
 * builds jnas): first offline from the local repository ({@code ~/.m2}), then, unless offline is forced, from the
 * remote repositories Maven is configured with. Using real Maven keeps the resolution rules (scopes, exclusions,
 * version mediation, mirrors in settings.xml) exactly what a user's build would get.
 */
final class MavenResolver {
    /** {@code group:artifact:version} or {@code group:artifact:packaging:classifier:version}-free short forms. */
    private static final Pattern COORDINATE = Pattern.compile("[\\w.\\-]+:[\\w.\\-]+:[\\w.\\-]+(:[\\w.\\-]+)?");
    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    private final boolean offlineOnly;
    private final long timeoutSeconds;
    private volatile Process running;
    private volatile boolean cancelled;

    MavenResolver(boolean offlineOnly, long timeoutSeconds) {
        this.offlineOnly = offlineOnly;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** {@code JNAS_MAVEN_OFFLINE=true} keeps {@code %maven} to the local repository (tests, air-gapped machines). */
    static MavenResolver fromEnvironment() {
        return new MavenResolver("true".equalsIgnoreCase(System.getenv("JNAS_MAVEN_OFFLINE")), 300);
    }

    /** The jars of {@code coordinates} ({@code group:artifact:version[:classifier]}) and their runtime deps. */
    List<File> resolve(List<String> coordinates) throws IOException, InterruptedException {
        cancelled = false;
        for (String c : coordinates) {
            if (!COORDINATE.matcher(c).matches()) {
                throw new IllegalArgumentException("'" + c + "' is not group:artifact:version, e.g. "
                        + "%maven org.apache.commons:commons-math3:3.6.1");
            }
        }
        Path dir = Files.createTempDirectory("jnas-maven-");
        try {
            Files.writeString(dir.resolve("pom.xml"), pom(coordinates), StandardCharsets.UTF_8);
            String local = run(dir, true);
            if (local == null) {
                return readClasspath(dir);
            }
            if (offlineOnly) {
                throw new IllegalStateException(notFound(coordinates, "the local repository (~/.m2)", local));
            }
            String remote = run(dir, false);
            if (remote == null) {
                return readClasspath(dir);
            }
            throw new IllegalStateException(notFound(coordinates,
                    "the local repository (~/.m2) nor the remote repositories", remote));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String notFound(List<String> coordinates, String where, String mavenOutput) {
        return "could not resolve " + String.join(", ", coordinates) + " from " + where
                + ". Check the coordinates, or add the jar itself with %classpath path/to.jar. Maven said:\n"
                + mavenOutput;
    }

    /** Runs Maven; null on success, else the interesting part of its output. */
    private String run(Path dir, boolean offline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Arrays.asList(mavenExecutable(), "-B", "-q"));
        if (offline) {
            cmd.add("-o");
        }
        cmd.add(DEPENDENCY_PLUGIN + ":build-classpath");
        cmd.add("-Dmdep.outputFile=classpath.txt");
        cmd.add("-Dmdep.includeScope=runtime");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        running = p;
        if (cancelled) {
            stop(p);
        }
        byte[] out;
        try {
            p.getOutputStream().close();
            out = p.getInputStream().readAllBytes();
        } catch (IOException e) {
            if (!cancelled) {
                throw e;
            }
            out = new byte[0]; // stopping the process closed its pipe under the read ("Stream closed")
        } finally {
            running = null;
        }
        if (cancelled) {
            throw new IllegalStateException("interrupted: Maven was stopped");
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "Maven did not finish within " + timeoutSeconds + " s";
        }
        if (p.exitValue() == 0 && Files.exists(dir.resolve("classpath.txt"))) {
            return null;
        }
        return new String(out, StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("ERROR") && !l.contains("-> [Help") && !l.contains("re-run Maven")
                        && !l.contains("To see the full") && !l.contains("For more information")
                        && !l.contains("http://cwiki") && !l.strip().equals("[ERROR]"))
                .limit(4).reduce((a, b) -> a + "\n" + b).orElse("exit code " + p.exitValue());
    }

    /** Stops a running resolution (the user interrupted the cell); it then fails saying so. */
    void cancel() {
        cancelled = true;
        Process p = running;
        if (p != null) {
            stop(p);
        }
    }

    /** Maven's launcher script may run Java as a child: stop the whole tree, or its output pipe stays open. */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
    }

    private static List<File> readClasspath(Path dir) throws IOException {
        String cp = Files.readString(dir.resolve("classpath.txt")).strip();
        List<File> files = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                files.add(new File(entry));
            }
        }
        return files;
    }

    private static String mavenExecutable() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && new File(home, "bin/mvn").canExecute()) {
            return new File(home, "bin/mvn").getPath();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File mvn = new File(dir, "mvn");
            if (mvn.canExecute()) {
                return mvn.getPath();
            }
        }
        throw new IllegalStateException("%maven needs Maven: install it (apt-get install maven) or set MAVEN_HOME;"
                + " or add jars directly with %classpath path/to.jar");
    }

    private static String pom(List<String> coordinates) {
        StringBuilder deps = new StringBuilder();
        for (String c : coordinates) {
            String[] p = c.split(":");
            deps.append("<dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                    .append("</artifactId><version>").append(p[2]).append("</version>");
            if (p.length == 4) {
                deps.append("<classifier>").append(p[3]).append("</classifier>");
            }
            deps.append("</dependency>");
        }
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>org.jnas.kernel</groupId><artifactId>maven-magic</artifactId><version>1</version>"
                + "<packaging>pom</packaging><dependencies>" + deps + "</dependencies></project>";
    }
}
