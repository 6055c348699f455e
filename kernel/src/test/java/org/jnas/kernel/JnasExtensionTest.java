package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.jnas.notebook.Notebook;
import org.jnas.notebook.SearchProgress;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The extension as a stock JJava kernel meets it: found through {@code META-INF/services} by the kernel library's
 * own extension loading, on a kernel that knows nothing of jnas.
 */
class JnasExtensionTest {

    /** A kernel with no jnas code of its own, standing in for stock JJava; records what it is asked to run. */
    static final class ForeignKernel extends BaseKernel {
        final List<String> evaluated = new ArrayList<>();

        ForeignKernel() {
            super("foreign", "1", new LanguageInfo("java", "17", null, null, null, null, null), List.of(), null,
                    new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null,
                    new MagicsRegistry(), true, new StringStyler.Builder().build());
        }

        void installFromClassPath() {
            installExtensions(JnasExtensionTest.class.getClassLoader());
        }

        @Override
        public Object evalRaw(String source) {
            evaluated.add(source);
            return null;
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_MAYBE;
        }
    }

    @Test
    void aStockKernelFindsTheExtensionAndGetsTheJnasDisplaysAndImports() {
        var kernel = new ForeignKernel();
        kernel.installFromClassPath();
        try {
            assertTrue(Notebook.isActive(), "library code can now show live output");
            String imports = String.join("\n", kernel.evaluated);
            assertTrue(imports.contains("import org.jnas.space.*;"), imports);
            assertTrue(imports.contains("import org.jnas.notebook.*;"), imports);
            for (String pkg : JnasExtension.IMPORTED_PACKAGES) {
                assertEquals(packagePresent(pkg.replace('.', '/') + "/"), imports.contains("import " + pkg + ".*;"),
                        "imported exactly when present: " + pkg);
            }

            var progress = new SearchProgress("Search", 1, 4, "accuracy", 0.5, Duration.ofSeconds(2));
            DisplayData shown = kernel.getRenderer().render(progress);
            assertTrue(String.valueOf(shown.getData(MIMEType.TEXT_HTML))
                    .contains("jnas-progress"));
            Table table = Table.create("t", IntColumn.create("trial", 1, 2));
            DisplayData tableData = kernel.getRenderer().render(table);
            assertTrue(String.valueOf(tableData.getData(MIMEType.TEXT_HTML))
                    .startsWith("<table"));
        } finally {
            kernel.onShutdown(false);
        }
        assertFalse(Notebook.isActive(), "uninstalling the extension removes the backend");
    }

    @Test
    void theExtensionIsRegisteredAsAService() {
        List<String> names = new ArrayList<>();
        java.util.ServiceLoader.load(Extension.class, JnasExtensionTest.class.getClassLoader())
                .stream().forEach(p -> names.add(p.type().getName()));
        assertEquals(List.of(JnasExtension.class.getName()), names);
    }

    private static boolean packagePresent(String path) {
        return JnasExtensionTest.class.getClassLoader().getResource(path) != null;
    }
}
