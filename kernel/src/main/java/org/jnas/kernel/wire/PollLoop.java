package org.jnas.kernel.wire;

import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The receive loop of a guarded channel, on its own thread: waits for its socket to be readable (waking at once,
 * not on a timer), hands each message to the channel, and survives anything one message does. {@link #stop} ends it
 * within two poll intervals. The channels extend different jjava-jupyter classes, so they share this loop by holding
 * one rather than by inheritance.
 */
final class PollLoop {
    static final long POLL_MILLIS = 100;

    private final DropLog log;
    private final String doing;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param log   where failures go (rate-limited)
     * @param doing what a message's handling is, for the log ("serving a message")
     */
    PollLoop(DropLog log, String doing) {
        this.log = log;
        this.doing = doing;
    }

    boolean started() {
        return thread != null;
    }

    /** Starts the loop: {@code onReadable} runs each time {@code socket} has a message. */
    void start(ZMQ.Context context, ZMQ.Socket socket, boolean daemon, Runnable onReadable) {
        running = true;
        thread = new Thread(() -> serve(context, socket, onReadable), "jnas-" + log.channel());
        thread.setDaemon(daemon);
        thread.start();
    }

    private void serve(ZMQ.Context context, ZMQ.Socket socket, Runnable onReadable) {
        ZMQ.Poller poller = context.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        while (running) {
            try {
                if (poller.poll(POLL_MILLIS) > 0 && running) {
                    onReadable.run();
                }
            } catch (ZMQException e) {
                if (!running) {
                    break; // closing: the context or socket went away under the poll
                }
                log.failed(doing, e);
            } catch (Throwable e) { // one message, never the loop
                if (e instanceof ThreadDeath) {
                    throw (ThreadDeath) e;
                }
                log.failed(doing, e);
            }
        }
        poller.close();
    }

    /** Asks the loop to end and waits for it (briefly; never when called from the loop itself). */
    void stop() {
        running = false;
        join(2 * POLL_MILLIS + 1000);
    }

    /** Waits until the loop has ended. */
    void await() {
        join(0);
    }

    private void join(long millis) {
        Thread current = thread;
        if (current != null && current != Thread.currentThread()) {
            try {
                current.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
