package org.jnas.kernel.wire;

import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.zeromq.ZMQ;

/**
 * The heartbeat: echoes every ping, whole (all its frames, as ipykernel's echo device does), the moment it
 * arrives. jjava-jupyter's {@link HeartbeatChannel} echoes only a ping's first frame, so a multipart ping leaves
 * its REP socket unable to send (an exception that can end its thread), and it answers up to 50 ms late.
 */
final class GuardedHeartbeatChannel extends HeartbeatChannel {
    private final PollLoop loop = new PollLoop(new DropLog("heartbeat"), "echoing a ping");

    GuardedHeartbeatChannel(ZMQ.Context context, HMACGenerator hmac) {
        super(context, hmac);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        super.bind(formatAddress(props.getTransport(), props.getIp(), props.getHbPort()));
        loop.start(ctx, this, true, this::echo);
    }

    private void echo() {
        var frames = InboundReader.readFrames(this);
        for (int i = 0; i < frames.size(); i++) {
            if (i < frames.size() - 1) {
                sendMore(frames.get(i));
            } else {
                send(frames.get(i));
            }
        }
    }

    @Override
    public void close() {
        loop.stop();
        super.close();
    }

    @Override
    public void waitUntilClose() {
    }
}
