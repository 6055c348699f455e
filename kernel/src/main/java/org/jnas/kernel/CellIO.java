package org.jnas.kernel;

import java.nio.charset.Charset;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/**
 * jjava-jupyter's cell streams, with the calls that attach them to a request opened to the kernel: its own
 * execute path ({@link JnasKernel}'s handling of silent and unstored requests) does what the base class does with them.
 */
final class CellIO extends JupyterIO {
    CellIO(Charset encoding) {
        super(encoding);
    }

    /** Sends the cell's System.out, System.err and System.in through {@code env} until the request ends. */
    void attachFor(ShellReplyEnvironment env, boolean stdinEnabled) {
        setEnv(env);
        env.defer(() -> retractEnv(env));
        setJupyterInEnabled(stdinEnabled);
    }
}
