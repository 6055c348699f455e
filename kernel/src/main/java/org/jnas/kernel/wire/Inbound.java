package org.jnas.kernel.wire;

import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;

/**
 * What {@link InboundReader} made of one multipart message: a request to serve, a request to answer with an error
 * reply, or something to drop. Every case but {@link Valid} carries a reason that is safe to log (it never
 * contains the key, a signature or message text).
 */
public sealed interface Inbound {
    /** A well-formed, correctly signed, first-seen message whose content has the fields its type needs. */
    record Valid(Message<?> message) implements Inbound {
    }

    /**
     * A correctly signed request whose content is wrong (missing or ill-typed fields): the spec has a reply for
     * it, so the sender gets {@code replyType} with status "error" instead of waiting forever.
     *
     * @param context the request with {@code null} content: where the reply goes and what it answers
     */
    record Invalid(Message<?> context, MessageType<?> replyType, String reason) implements Inbound {
    }

    /** Not a message this kernel may act on (bad frames, signature, JSON, header, replay, unknown type). */
    record Dropped(String reason) implements Inbound {
    }
}
