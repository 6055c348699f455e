package org.jnas.kernel;

import java.io.File;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

/**
 * {@code %maven group:artifact:version ...}: adds a Maven dependency with its runtime dependencies to the cells'
 * class path, from the local repository or a reachable remote (see {@link MavenResolver}).
 */
final class MavenMagic implements LineMagic<Void, JnasKernel> {
    private final MavenResolver resolver;

    MavenMagic(MavenResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Void eval(JnasKernel kernel, List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new CellError.MagicError(
                    "%maven needs coordinates, e.g. %maven org.apache.commons:commons-math3:3.6.1");
        }
        List<File> jars;
        try {
            jars = resolver.resolve(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CellError.MagicError("%maven: " + e.getMessage());
        }
        kernel.addToClasspath(jars);
        System.out.println("added " + String.join(", ", args) + " (" + jars.size() + " jars) to the class path");
        return null;
    }
}
