package org.jnas.kernel.wire;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.zeromq.ZMQ;

/**
 * jjava-jupyter's {@link JupyterConnection} with channels that survive bad messages: shell and control
 * ({@link GuardedShellChannel}), stdin ({@link GuardedStdinChannel}) and heartbeat ({@link GuardedHeartbeatChannel})
 * check every message with one {@link InboundReader} (signature, replay, frames, JSON, header, content) and drop or
 * answer the bad ones; iopub only publishes (its subscriptions are handled inside ZeroMQ), from a thread of its own
 * ({@link GuardedIOPubChannel}) that an interrupted cell cannot break. Handlers are registered
 * and looked up as in the base class ({@code BaseKernel.becomeHandlerForConnection} works unchanged).
 *
 * <p>The base class creates its own five channels in its constructor (fields that cannot be replaced); they are
 * never bound and are closed with this connection.
 */
public final class HardenedConnection extends JupyterConnection {
    private final KernelConnectionProperties props;
    private final ZMQ.Context context;
    private final GuardedHeartbeatChannel heartbeatChannel;
    private final GuardedShellChannel shellChannel;
    private final GuardedShellChannel controlChannel;
    private final GuardedStdinChannel stdinChannel;
    private final GuardedIOPubChannel iopubChannel;
    private boolean connected;
    private boolean closed;

    public HardenedConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        this.context = ZMQ.context(1);
        HMACGenerator hmac = props.createHMACGenerator();
        InboundReader reader = new InboundReader(hmac);
        this.heartbeatChannel = new GuardedHeartbeatChannel(context, hmac);
        this.shellChannel = new GuardedShellChannel(context, hmac, false, this, reader);
        this.controlChannel = new GuardedShellChannel(context, hmac, true, this, reader);
        this.stdinChannel = new GuardedStdinChannel(context, hmac, reader);
        this.iopubChannel = new GuardedIOPubChannel(context, hmac);
    }

    private List<JupyterSocket> sockets() {
        return List.of(heartbeatChannel, shellChannel, controlChannel, stdinChannel, iopubChannel);
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        // iopub first: the starting status below must not be lost, and a request may arrive as soon as shell binds
        iopubChannel.bind(props);
        for (JupyterSocket socket : List.of(heartbeatChannel, controlChannel, stdinChannel, shellChannel)) {
            socket.bind(props);
        }
        iopubChannel.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    @Override
    public IOPubChannel getIOPub() {
        return iopubChannel;
    }

    @Override
    public ReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext request) {
        return new ReplyEnvironment(shell, stdinChannel, iopubChannel, request);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (JupyterSocket socket : sockets()) {
            socket.close();
        }
        context.close();
        super.close(); // the base class's unbound channels and their context
    }

    @Override
    public void waitUntilClose() {
        for (JupyterSocket socket : sockets()) {
            socket.waitUntilClose();
        }
    }

    /** A reply environment that remembers whether the request was answered, so a failed handler can still answer. */
    public static final class ReplyEnvironment extends ShellReplyEnvironment {
        private volatile boolean replied;

        ReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context) {
            super(shell, stdin, iopub, context);
        }

        @Override
        public void reply(Message<?> message) {
            replied = true;
            super.reply(message);
        }

        @Override
        public void replyError(MessageType<?> type, ErrorReply error) {
            replied = true;
            super.replyError(type, error);
        }

        boolean replied() {
            return replied;
        }
    }
}
