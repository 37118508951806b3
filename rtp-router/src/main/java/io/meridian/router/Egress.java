package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.Rtx;
import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The outbound path of every packet the node sends, one instance per conference and loop (a spread fan-out's
 * shards have their own). For RTP, per receiver: copy into a scratch array, let the
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
    /** Loop-only scratch for one packet being rewritten (and grown) for a receiver, wrapped as RTX, and sealed. */
    private final byte[] scratch = new byte[Projection.MAX_LENGTH + Rtx.OSN_LENGTH + TAIL_ROOM];
    /** Loop-only scratch for RTCP the node writes itself (separate: it may be written while a fan-out runs). */
    private final ByteBuf rtcpScratch = Unpooled.wrappedBuffer(new byte[MAX_PACKET + TAIL_ROOM]);

    Egress(ByteBufAllocator alloc, MediaCounters counters, MediaListener listener) {
        this.alloc = alloc;
        this.counters = counters;
        this.listener = listener;
    }

    /** Other loops that send part of this conference's fan-out, by loop index (null where none); home only. */
    FanOutShard[] shards = new FanOutShard[0];

    /**
     * Forwards a decrypted RTP packet to every receiver of its stream this loop sends to, and passes it to the
     * shards that send to the others.
     */
    void fanOut(PacketInfo packet) {
        InboundStream stream = packet.stream();
        if (packet.length() > MAX_PACKET) { // the transport drops larger datagrams before they get here
            counters.dropped(DropReason.MALFORMED_RTP);
            return;
        }
        SimulcastSource simulcast = stream.simulcast;
        if (simulcast != null) {
            if (stream.rtx) {
                // A layer's RTX the node did not take back into its layer (retransmission off): receivers get one
                // stream whose numbering is the node's, which the publisher's repairs do not follow.
                packet.skip();
                return;
            }
            // A layer: every receiver of the track sees it, and its selector lets through the one it forwards.
            simulcast.onLayerPacket(packet);
            stream = simulcast.anchor;
        } else if (stream.svc != null) {
            stream.svc.onPacket(packet);
        } else if (stream.rtx && stream.primaryRenumbered) {
            // The publisher's RTX of a stream receivers get with layers left out: its OSNs are in the publisher's
            // numbering, not theirs, so it is not forwarded (the node's own retransmissions are numbered right).
            packet.skip();
            return;
        }
        for (int i = 0, n = stream.subscribers.size(); i < n; i++) {
            forward(stream.subscribers.get(i), packet);
        }
        if (stream.hasShardReceivers()) {
            for (FanOutShard shard : shards) {
                if (shard != null && stream.shardReceivers(shard.index()).length > 0) {
                    shard.offer(packet);
                }
            }
        }
    }

    /** Rewrites, seals and sends one receiver's copy of {@code packet}. */
    void forward(DownStream down, PacketInfo packet) {
        Leg receiver = down.receiver;
        SrtpProtector srtp = receiver.srtp;
        if (srtp == null) {
            counters.dropped(DropReason.RECEIVER_NOT_READY);
            return;
        }
        packet.clearDrop();
        if (!down.admits(packet)) { // before the copy: most simulcast layers' packets go to few of their receivers
            return;
        }
        int len = packet.length();
        byte[] b = scratch;
        System.arraycopy(packet.array(), packet.offset(), b, 0, len);
        len = down.project(packet, b, len);
        if (len < 0) {
            DropReason reason = packet.dropReason();
            if (reason != null) {
                counters.dropped(reason);
            }
            return;
        }
        long now = packet.arrivalNanos();
        int sealed = sealAndSend(down, srtp, b, len, now);
        if (sealed < 0) {
            return;
        }
        counters.sent(sealed);
        down.bytesSent += sealed;
        if (!receiver.forwardedAny) {
            receiver.forwardedAny = true;
            listener.firstPacketForwarded(receiver, now);
        }
    }

    /** The retransmitted packet being rewritten (not the fan-out's, which may be in use around a NACK). */
    private final PacketInfo resent = new PacketInfo();

    /**
     * See {@link RouterContext#retransmit}; on the loop that sends to {@code down}'s receiver. A {@code probe} is
     * counted as one, not as a retransmission.
     */
    void retransmit(DownStream down, DownStream rtxDown, int rtxPt, ByteBuf cached, long now, boolean probe) {
        SrtpProtector srtp = down.receiver.srtp;
        int len = cached.readableBytes();
        if (srtp == null || len + Rtx.OSN_LENGTH > MAX_PACKET) {
            return;
        }
        byte[] b = scratch;
        cached.getBytes(cached.readerIndex(), b, 0, len);
        resent.reset(null, b, 0, len, len, now);
        resent.stream(down.source);
        len = down.reproject(resent, b, len);
        if (len < 0) {
            return;
        }
        if (rtxDown != null) {
            len = Rtx.wrap(b, 0, len, RtpPacket.headerLength(b, 0, len), rtxDown.ssrc(), rtxPt,
                    rtxDown.nextRtxSequence());
        }
        if (sealAndSend(down, srtp, b, len, now) < 0) {
            return;
        }
        if (probe) {
            counters.probeSent();
        } else {
            counters.retransmitted();
        }
    }

    /**
     * Shows a receiver's copy in {@code b} to its send observers (a retransmission too: it travels the same path),
     * seals it, and sends it from a pooled direct buffer; returns the sealed length, or -1 when sealing failed.
     */
    private int sealAndSend(DownStream down, SrtpProtector srtp, byte[] b, int len, long now) {
        Leg receiver = down.receiver;
        for (SendObserver observer : receiver.sendObservers) {
            observer.onSend(down, b, 0, len, now);
        }
        int sealed = srtp.protectRtp(b, 0, len);
        if (sealed < 0) {
            counters.dropped(DropReason.SRTP_MALFORMED);
            return -1;
        }
        ByteBuf out = alloc.directBuffer(sealed);
        out.writeBytes(b, 0, sealed);
        receiver.countOut(sealed);
        receiver.rtpSender.send(out);
        return sealed;
    }

    /** A pooled copy of {@code packet}'s readable bytes (for another loop, when {@code packet} is only a view). */
    ByteBuf copy(ByteBuf packet) {
        return alloc.heapBuffer(packet.readableBytes()).writeBytes(packet, packet.readerIndex(),
                packet.readableBytes());
    }

    ByteBuf rtcpBuffer(int len) {
        if (len + TAIL_ROOM > rtcpScratch.capacity()) {
            throw new IllegalArgumentException("RTCP packet of " + len + " bytes");
        }
        return rtcpScratch.clear();
    }

    void sendRtcp(Leg to, ByteBuf out, int len) {
        SrtpProtector srtp = to.srtp;
        if (srtp == null) {
            return;
        }
        int sealed = srtp.protectRtcp(out.array(), out.arrayOffset(), len);
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
