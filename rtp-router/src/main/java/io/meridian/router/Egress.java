package io.meridian.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The outbound path of every packet the node sends. For RTP, per receiver: copy into a scratch array, let the
 * receiver's {@link DownStream} rewrite it, show it to the receiver's send observers, encrypt it with the receiver's
 * SRTP context there (jitsi-srtp works on arrays), then copy the sealed packet into a pooled direct buffer, which is
 * what the socket's sendmmsg reads from. Nothing is allocated per packet: the scratch array is reused (a conference
 * is only ever touched by its loop thread) and pooled buffers return to the loop's cache when sent.
 */
final class Egress {
    /** Room for the SRTP/SRTCP auth tag (16 bytes with AES-GCM, RFC 7714 §7) and the SRTCP index (RFC 3711 §3.4). */
    static final int TAIL_ROOM = 32;
    /** The largest packet the transport accepts (UdpMediaTransport.MAX_DATAGRAM). */
    static final int MAX_PACKET = 2048;

    private final ByteBufAllocator alloc;
    private final MediaCounters counters;
    private final MediaListener listener;
    /** Loop-only scratch for one packet being rewritten and sealed (the largest datagram plus the tag). */
    private final byte[] scratch = new byte[MAX_PACKET + TAIL_ROOM];
    /** Loop-only scratch for RTCP the node writes itself (separate: it may be written while a fan-out runs). */
    private final ByteBuf rtcpScratch = Unpooled.wrappedBuffer(new byte[MAX_PACKET + TAIL_ROOM]);

    Egress(ByteBufAllocator alloc, MediaCounters counters, MediaListener listener) {
        this.alloc = alloc;
        this.counters = counters;
        this.listener = listener;
    }

    /** Forwards a decrypted RTP packet to every receiver of its stream. */
    void fanOut(PacketInfo packet) {
        InboundStream stream = packet.stream();
        byte[] a = packet.array();
        int off = packet.offset();
        int len = packet.length();
        if (len > MAX_PACKET) { // the transport drops larger datagrams before they get here
            counters.dropped(DropReason.MALFORMED_RTP);
            return;
        }
        for (int i = 0, n = stream.subscribers.size(); i < n; i++) {
            DownStream down = stream.subscribers.get(i);
            Leg receiver = down.receiver;
            if (receiver.srtp == null) {
                counters.dropped(DropReason.RECEIVER_NOT_READY);
                continue;
            }
            byte[] b = scratch;
            System.arraycopy(a, off, b, 0, len);
            packet.clearDrop();
            if (!down.project(packet, b, len)) {
                DropReason reason = packet.dropReason();
                if (reason != null) {
                    counters.dropped(reason);
                }
                continue;
            }
            long now = packet.arrivalNanos();
            SendObserver[] observers = receiver.sendObservers;
            for (SendObserver observer : observers) {
                observer.onSend(down, b, 0, len, now);
            }
            int sealed = receiver.srtp.protectRtp(b, 0, len);
            if (sealed < 0) {
                counters.dropped(DropReason.SRTP_MALFORMED);
                continue;
            }
            ByteBuf out = alloc.directBuffer(sealed);
            out.writeBytes(b, 0, sealed);
            receiver.countOut(sealed);
            counters.sent(sealed);
            receiver.sender.send(out);
            if (!receiver.forwardedAny) {
                receiver.forwardedAny = true;
                listener.firstPacketForwarded(receiver, now);
            }
        }
    }

    ByteBuf rtcpBuffer(int len) {
        if (len + TAIL_ROOM > rtcpScratch.capacity()) {
            throw new IllegalArgumentException("RTCP packet of " + len + " bytes");
        }
        return rtcpScratch.clear();
    }

    void sendRtcp(Leg to, ByteBuf out, int len) {
        if (to.srtp == null) {
            return;
        }
        int sealed = to.srtp.protectRtcp(out.array(), out.arrayOffset(), len);
        if (sealed < 0) {
            counters.dropped(DropReason.SRTP_MALFORMED);
            return;
        }
        ByteBuf datagram = alloc.directBuffer(sealed);
        datagram.writeBytes(out.array(), out.arrayOffset(), sealed);
        counters.rtcpSent();
        to.sender.send(datagram);
    }
}
