package org.jnas.kernel.wire;

import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The heartbeat: echoes every ping, whole (all its frames, as ipykernel's echo device does), the moment it
 * arrives. jjava-jupyter's {@link HeartbeatChannel} echoes only a ping's first frame, so a multipart ping leaves
 * its REP socket unable to send (an exception that can end its thread), and it answers up to 50 ms late.
 */
final class GuardedHeartbeatChannel extends HeartbeatChannel {
    private static final long POLL_MILLIS = 100;
    private final DropLog log = new DropLog("heartbeat");
    private volatile boolean running;
    private Thread loop;

    GuardedHeartbeatChannel(ZMQ.Context context, HMACGenerator hmac) {
        super(context, hmac);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        super.bind(formatAddress(props.getTransport(), props.getIp(), props.getHbPort()));
        running = true;
        loop = new Thread(this::echo, "jnas-heartbeat");
        loop.setDaemon(true);
        loop.start();
    }

    private void echo() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        while (running) {
            try {
                if (poller.poll(POLL_MILLIS) <= 0 || !running) {
                    continue;
                }
                var frames = InboundReader.readFrames(this);
                for (int i = 0; i < frames.size(); i++) {
                    if (i < frames.size() - 1) {
                        sendMore(frames.get(i));
                    } else {
                        send(frames.get(i));
                    }
                }
            } catch (ZMQException e) {
                if (!running) {
                    break;
                }
                log.failed("echoing a ping", e);
            } catch (RuntimeException e) {
                log.failed("echoing a ping", e);
            }
        }
        poller.close();
    }

    @Override
    public void close() {
        running = false;
        Thread current = loop;
        if (current != null && current != Thread.currentThread()) {
            try {
                current.join(2 * POLL_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.close();
    }

    @Override
    public void waitUntilClose() {
    }
}
