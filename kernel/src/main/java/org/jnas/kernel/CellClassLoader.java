package org.jnas.kernel;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads the classes JShell compiles from cells, and the jars that {@code %classpath} and {@code %maven} add, in
 * the kernel's own process. Parent-first under the application class loader, so the jnas classes a cell uses are
 * the very classes the kernel's renderers know. Extensions on added jars are discovered through it too.
 */
final class CellClassLoader extends URLClassLoader {
    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    private final LoaderDelegate delegate = new Delegate();

    CellClassLoader(ClassLoader parent) {
        super("jnas-cells", new URL[0], parent);
    }

    /** What JShell's execution control talks to. */
    LoaderDelegate delegate() {
        return delegate;
    }

    /** Adds class path entries separated by {@link File#pathSeparator}. */
    void addPath(String path) {
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    addURL(new File(entry).toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("bad class path entry '" + entry + "': " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes != null) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        return super.findClass(name);
    }

    private final class Delegate implements LoaderDelegate {
        @Override
        public void load(ClassBytecodes[] classes) throws ClassInstallException {
            boolean[] installed = new boolean[classes.length];
            try {
                for (ClassBytecodes c : classes) {
                    declared.put(c.name(), c.bytecodes());
                }
                for (int i = 0; i < classes.length; i++) {
                    Class<?> klass = loadClass(classes[i].name());
                    loaded.put(classes[i].name(), klass);
                    installed[i] = true;
                    klass.getDeclaredMethods(); // link now: a broken class fails here, not mid-cell
                }
            } catch (Throwable e) {
                throw new ClassInstallException("load: " + e, installed);
            }
        }

        @Override
        public void classesRedefined(ClassBytecodes[] classes) {
            for (ClassBytecodes c : classes) {
                declared.put(c.name(), c.bytecodes());
            }
        }

        @Override
        public void addToClasspath(String path) throws InternalException {
            try {
                addPath(path);
            } catch (IllegalArgumentException e) {
                throw new InternalException(e.getMessage());
            }
        }

        @Override
        public Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> klass = loaded.get(name);
            if (klass == null) {
                throw new ClassNotFoundException(name + " was not compiled from a cell");
            }
            return klass;
        }
    }
}
