package org.jnas.kernel.wire;

import java.util.List;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.zeromq.ZMQ;

/**
 * The shell or control channel, serving requests on its own thread that no message can end: every message is
 * checked by {@link InboundReader} before a handler sees it; a bad one is logged and dropped, a request with bad
 * content gets an error reply, and a handler that throws leaves an error reply behind instead of a silent client.
 *
 * <p>Replaces jjava-jupyter's {@link ShellChannel} loop, whose thread dies on the first bad signature or JSON
 * (the kernel then looks alive, its heartbeat answers, and no cell ever runs again), and which polls every 50 ms
 * instead of waking when a message arrives.
 */
final class GuardedShellChannel extends ShellChannel {
    private final boolean isControl;
    private final HardenedConnection connection;
    private final InboundReader reader;
    private final DropLog log;
    private final PollLoop loop;

    GuardedShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean isControl, HardenedConnection connection,
            InboundReader reader) {
        super(context, hmac, isControl, connection);
        this.isControl = isControl;
        this.connection = connection;
        this.reader = reader;
        this.log = new DropLog(isControl ? "control" : "shell");
        this.loop = new PollLoop(log, "serving a message");
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop.started()) {
            throw new IllegalStateException(log.channel() + " channel already bound");
        }
        super.bind(formatAddress(props.getTransport(), props.getIp(),
                isControl ? props.getControlPort() : props.getShellPort()));
        loop.start(ctx, this, false, () -> handle(InboundReader.readFrames(this)));
    }

    private void handle(List<byte[]> frames) {
        Inbound inbound = reader.read(frames);
        if (inbound instanceof Inbound.Dropped dropped) {
            log.dropped(dropped.reason());
        } else if (inbound instanceof Inbound.Invalid invalid) {
            log.answeredWithError(invalid.reason());
            HardenedConnection.ReplyEnvironment env = connection.prepareReplyEnv(this, invalid.context());
            env.setStatusBusy();
            env.replyError(invalid.replyType(), badRequest(invalid.reason()));
            env.setStatusIdle();
        } else if (inbound instanceof Inbound.Valid valid) {
            serve(valid.message());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void serve(Message<?> message) {
        MessageType<?> type = message.getHeader().getType();
        ShellHandler handler = connection.getHandler(type);
        if (handler == null) {
            log.dropped("no handler for " + type.getName() + " on this channel");
            return;
        }
        HardenedConnection.ReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            log.failed("handling " + type.getName(), e);
            MessageType<?> replyType = message.getContent() instanceof org.dflib.jjava.jupyter.messages.RequestType<?> r
                    ? r.getReplyType() : null;
            if (!env.replied() && replyType != null) {
                env.replyError(replyType, new ErrorReply(e.getClass().getSimpleName(),
                        "the kernel failed to handle this " + type.getName() + ": " + e.getMessage(), List.of()));
            }
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
    }

    static ErrorReply badRequest(String reason) {
        return new ErrorReply("BadRequest", "the kernel rejected a malformed request: " + reason, List.of());
    }

    @Override
    public void close() {
        loop.stop();
        super.close();
    }

    @Override
    public void waitUntilClose() {
        loop.await();
    }
}
