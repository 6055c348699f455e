package org.jnas.kernel.wire;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

/**
 * iopub, sent from one thread of its own (as ipykernel's IOPub thread). Cells publish output from their own
 * thread, and an interrupted cell thread makes JeroMQ's send fail ("Errno 4: Interrupted function"), or closes
 * its signalling pipe if the interrupt lands mid-send; jjava-jupyter sends from whichever thread calls. Here the
 * caller waits (uninterruptibly) for its message to go out, so output order stays the order of the calls.
 */
final class GuardedIOPubChannel extends IOPubChannel {
    private final DropLog log = new DropLog("iopub");
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jnas-iopub");
        t.setDaemon(true);
        return t;
    });

    GuardedIOPubChannel(ZMQ.Context context, HMACGenerator hmac) {
        super(context, hmac);
    }

    @Override
    public void sendMessage(Message<?> message) {
        if (closed) {
            return;
        }
        try {
            CompletableFuture.runAsync(() -> super.sendMessage(message), sender).join();
        } catch (CompletionException | RejectedExecutionException e) {
            log.failed("publishing a " + message.getHeader().getType().getName(),
                    e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }
}
