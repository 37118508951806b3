package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The outbound path of every packet the node sends: copy into a scratch array, rewrite what differs per receiver
 * (payload type, extension ids), encrypt with the receiver's SRTP context there (jitsi-srtp works on arrays), then
 * copy the sealed packet into a pooled direct buffer, which is what the socket's sendmmsg reads from. Nothing is
 * allocated per packet here: the scratch array is reused (one conference is only ever touched by its loop thread)
 * and pooled buffers return to the loop's cache when sent.
 */
final class Egress {
    /** Room for the SRTP/SRTCP auth tag (16 bytes with AES-GCM, RFC 7714 §7) and the SRTCP index (RFC 3711 §3.4). */
    static final int TAIL_ROOM = 32;
    /** The largest packet the transport accepts (UdpMediaTransport.MAX_DATAGRAM). */
    static final int MAX_PACKET = 2048;

    private final ByteBufAllocator alloc;
    private final MediaCounters counters;
    /** Loop-only scratch for one packet being rewritten and sealed (the largest datagram plus the tag). */
    private final byte[] scratch = new byte[MAX_PACKET + TAIL_ROOM];
    /** Loop-only scratch for RTCP the node writes itself (separate: it may be written while a fan-out runs). */
    private final ByteBuf rtcpScratch = Unpooled.wrappedBuffer(new byte[MAX_PACKET + TAIL_ROOM]);

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
            if (len > MAX_PACKET) { // the transport drops larger datagrams before they get here
                counters.dropped(DropReason.MALFORMED_RTP);
                continue;
            }
            byte[] b = scratch;
            System.arraycopy(a, off, b, 0, len);
            RtpPacket.setPayloadType(b, 0, mappedPt);
            RtpPacket.remapExtensions(b, 0, len, binding.extensionIds);
            int sealed = receiver.srtp.protectRtp(b, 0, len);
            if (sealed < 0) {
                counters.dropped(DropReason.SRTP_MALFORMED);
                continue;
            }
            ByteBuf out = alloc.directBuffer(sealed);
            out.writeBytes(b, 0, sealed);
            if (receiver.packetsOut++ == 0) {
                receiver.firstForwardNanos = System.nanoTime();
            }
            receiver.bytesOut += sealed;
            counters.sent(sealed);
            receiver.sender.send(out);
        }
    }

    /**
     * The loop's scratch buffer for one RTCP packet of at most {@code len} bytes that the node originates, to be
     * written from its array offset and passed to {@link #sendRtcp} before the next call; never released.
     */
    ByteBuf rtcpBuffer(int len) {
        if (len + TAIL_ROOM > rtcpScratch.capacity()) {
            throw new IllegalArgumentException("RTCP packet of " + len + " bytes");
        }
        return rtcpScratch.clear();
    }

    /** Encrypts and sends an RTCP packet written into {@code out} (from its array offset, {@code len} bytes). */
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
