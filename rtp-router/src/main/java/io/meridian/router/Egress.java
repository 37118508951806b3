package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The outbound path of every packet the node sends: copy into a pooled buffer for the receiver, rewrite what differs
 * per receiver (payload type, extension ids), encrypt with the receiver's SRTP context and hand it to the transport.
 */
final class Egress {
    /** Room for the SRTP/SRTCP auth tag (16 bytes with AES-GCM, RFC 7714 §7) and the SRTCP index (RFC 3711 §3.4). */
    static final int TAIL_ROOM = 32;

    private final ByteBufAllocator alloc;
    private final MediaCounters counters;

    Egress(ByteBufAllocator alloc, MediaCounters counters) {
        this.alloc = alloc;
        this.counters = counters;
    }

    /** Forwards a decrypted RTP packet to every subscriber of {@code stream}. */
    void fanOut(InboundStream stream, byte[] a, int off, int len) {
        int pt = RtpPacket.payloadType(a, off);
        for (int i = 0, n = stream.subscribers.size(); i < n; i++) {
            Binding binding = stream.subscribers.get(i);
            Leg receiver = binding.receiver;
            if (receiver.srtp == null) {
                counters.dropped(DropReason.RECEIVER_NOT_READY);
                continue;
            }
            int mappedPt = binding.payloadTypes[pt];
            if (mappedPt < 0) {
                continue;
            }
            ByteBuf out = alloc.heapBuffer(len + TAIL_ROOM);
            byte[] b = out.array();
            int o = out.arrayOffset();
            System.arraycopy(a, off, b, o, len);
            RtpPacket.setPayloadType(b, o, mappedPt);
            RtpPacket.remapExtensions(b, o, len, binding.extensionIds);
            int sealed = receiver.srtp.protectRtp(b, o, len);
            if (sealed < 0) {
                out.release();
                counters.dropped(DropReason.SRTP_MALFORMED);
                continue;
            }
            out.writerIndex(sealed);
            if (receiver.packetsOut++ == 0) {
                receiver.firstForwardNanos = System.nanoTime();
            }
            receiver.bytesOut += sealed;
            counters.sent(sealed);
            receiver.sender.send(out);
        }
    }

    /** A scratch buffer for an RTCP packet of at most {@code len} bytes that the node originates. */
    ByteBuf rtcpBuffer(int len) {
        return alloc.heapBuffer(len + TAIL_ROOM);
    }

    /** Encrypts and sends an RTCP packet written into {@code out} (from its array offset, {@code len} bytes). */
    void sendRtcp(Leg to, ByteBuf out, int len) {
        if (to.srtp == null) {
            out.release();
            return;
        }
        int sealed = to.srtp.protectRtcp(out.array(), out.arrayOffset(), len);
        if (sealed < 0) {
            out.release();
            counters.dropped(DropReason.SRTP_MALFORMED);
            return;
        }
        out.writerIndex(sealed);
        counters.rtcpSent();
        to.sender.send(out);
    }
}
