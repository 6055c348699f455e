package org.jnas.kernel.wire;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per message a channel drops or answers with an error: what was wrong and on which channel, never the
 * key or the message's text. After {@link #FULL_LINES} lines on one channel only every 1000th is logged (with the
 * count), so a flood of garbage cannot fill the server's log.
 */
final class DropLog {
    static final int FULL_LINES = 100;
    private static final Logger LOG = LoggerFactory.getLogger("jnas.kernel.wire");
    private final String channel;
    private final AtomicLong count = new AtomicLong();

    DropLog(String channel) {
        this.channel = channel;
    }

    void dropped(String reason) {
        long n = count.incrementAndGet();
        if (n <= FULL_LINES || n % 1000 == 0) {
            LOG.warn("{} channel: dropped a message: {} ({} dropped on {} so far)", channel, reason, n, channel);
        }
    }

    void answeredWithError(String reason) {
        long n = count.incrementAndGet();
        if (n <= FULL_LINES || n % 1000 == 0) {
            LOG.warn("{} channel: rejected a request with an error reply: {}", channel, reason);
        }
    }

    void failed(String what, Throwable e) {
        LOG.warn("{} channel: {} failed: {}: {}", channel, what, e.getClass().getName(), e.getMessage());
    }

    String channel() {
        return channel;
    }
}
