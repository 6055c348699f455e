package org.jnas.kernel;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * {@code %classpath a.jar lib/*.jar classes/} (alias {@code %jars}): adds jars and class folders to the cells'
 * class path, IJava's convention. Globs are expanded; entries may also be joined with the path separator.
 */
final class ClasspathMagic implements LineMagic<Void, JnasKernel> {
    @Override
    public Void eval(JnasKernel kernel, List<String> args) {
        if (args.isEmpty()) {
            throw new CellError.MagicError("%classpath needs at least one jar or folder, e.g. %classpath lib/*.jar");
        }
        List<File> entries = new ArrayList<>();
        for (String arg : args) {
            List<Path> resolved = PathsHandler.splitAndResolveGlobs(arg);
            if (resolved.isEmpty()) {
                throw new CellError.MagicError("%classpath: nothing matches '" + arg
                        + "' (relative paths start in the notebook's folder)");
            }
            resolved.forEach(p -> entries.add(p.toFile()));
        }
        kernel.addToClasspath(entries);
        int n = entries.size();
        System.out.println("added to the class path: " + n + (n == 1 ? " entry" : " entries"));
        return null;
    }
}
