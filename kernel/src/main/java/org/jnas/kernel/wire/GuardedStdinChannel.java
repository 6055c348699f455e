package org.jnas.kernel.wire;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.zeromq.ZMQ;

/**
 * The stdin channel: a cell reading {@code System.in} sends an input_request and takes the first valid input_reply
 * that answers it (see {@link #answers}). Anything else that arrives (garbage, bad signatures, replies to older requests) is logged and
 * dropped; jjava-jupyter's {@link StdinChannel} throws on it inside the cell, or returns a stale answer.
 */
final class GuardedStdinChannel extends StdinChannel {
    private static final long POLL_MILLIS = 100;
    private final InboundReader reader;
    private final DropLog log = new DropLog("stdin");

    GuardedStdinChannel(ZMQ.Context context, HMACGenerator hmac, InboundReader reader) {
        super(context, hmac);
        this.reader = reader;
    }

    @Override
    public synchronized String getInput(MessageContext context, String prompt, boolean isPassword) {
        dropPending();
        Message<InputRequest> request = new Message<>(context, MessageType.INPUT_REQUEST,
                new InputRequest(prompt, isPassword));
        sendMessage(request);
        ZMQ.Poller poller = ctx.poller(1);
        try {
            poller.register(this, ZMQ.Poller.POLLIN);
            while (!closed) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted while waiting for input");
                }
                if (poller.poll(POLL_MILLIS) <= 0) {
                    continue;
                }
                Inbound inbound = reader.read(InboundReader.readFrames(this));
                if (inbound instanceof Inbound.Valid valid && answers(valid.message(), request)) {
                    return ((InputReply) valid.message().getContent()).getValue() + System.lineSeparator();
                }
                log.dropped(reason(inbound));
            }
            throw new IllegalStateException("the stdin channel closed while waiting for input");
        } finally {
            poller.close();
        }
    }

    /** Whatever arrived while no input was asked for cannot be an answer to the request about to be sent. */
    private void dropPending() {
        ZMQ.Poller poller = ctx.poller(1);
        try {
            poller.register(this, ZMQ.Poller.POLLIN);
            while (poller.poll(0) > 0) {
                Inbound inbound = reader.read(InboundReader.readFrames(this));
                log.dropped("arrived while no input was requested: " + reason(inbound));
            }
        } finally {
            poller.close();
        }
    }

    /**
     * An input_reply answers the pending request unless its parent header names another one. jupyter_client's
     * {@code KernelClient.input} sends no parent header at all, and ipykernel accepts any input_reply, so a missing
     * parent is accepted too.
     */
    private static boolean answers(Message<?> message, Message<InputRequest> request) {
        return message.getHeader().getType() == MessageType.INPUT_REPLY && (!message.hasParentHeader()
                || request.getHeader().getId().equals(message.getParentHeader().getId()));
    }

    private static String reason(Inbound inbound) {
        if (inbound instanceof Inbound.Dropped d) {
            return d.reason();
        }
        if (inbound instanceof Inbound.Invalid i) {
            return i.reason();
        }
        return "a " + ((Inbound.Valid) inbound).message().getHeader().getType().getName()
                + " that does not answer an input_request of this cell";
    }
}
