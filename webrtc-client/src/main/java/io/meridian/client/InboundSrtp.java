package io.meridian.client;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import io.meridian.srtp.SrtpProtector;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link MediaTransport} receives over SRTP: decrypted and handed to its {@link MediaReceiver}, with the key
 * frame requests noted for the publisher's encoder and, once enabled, the transport-wide numbers fed back. The
 * receive thread's, except the flags and counters read from other threads.
 */
final class InboundSrtp {
    /** RTCP payload-specific feedback (RFC 4585 §6.1): FMT 1 = PLI; FMT 4 = FIR (RFC 5104 §4.3.1). */
    private static final int PSFB = 206;

    private final MediaReceiver receiver;
    /** SRTP or SRTCP that failed authentication or the replay check: a bug somewhere if it is not 0. */
    private final AtomicLong undecryptable = new AtomicLong();
    private volatile SrtpProtector srtp;
    private volatile boolean keyframeRequested;
    /** Null until {@link #feedBack} was called. */
    private volatile TransportFeedbackWriter feedback;
    /** Null unless {@link #lose} was called. */
    private volatile LinkLoss loss;

    InboundSrtp(MediaReceiver receiver) {
        this.receiver = receiver;
    }

    /** From now on, decrypts with {@code protector} (the handshake's keys). */
    void keyed(SrtpProtector protector) {
        srtp = protector;
    }

    /** From now on, feeds back the transport-wide numbers of what arrives through {@code writer}. */
    void feedBack(TransportFeedbackWriter writer) {
        feedback = writer;
    }

    /** From now on, loses what arrives as {@code link} says, NACKing lost video. */
    void lose(LinkLoss link) {
        loss = link;
    }

    /** What {@link #lose} dropped and NACKed so far (read after the receive thread stopped), or zeros. */
    long[] linkLoss() {
        LinkLoss link = loss;
        return link == null ? new long[2] : new long[] {link.dropped(), link.nacked()};
    }

    /** True once after the server asked for a key frame (PLI or FIR). */
    boolean takeKeyframeRequest() {
        if (keyframeRequested) {
            keyframeRequested = false;
            return true;
        }
        return false;
    }

    long undecryptable() {
        return undecryptable.get();
    }

    /** Receive thread: one SRTP or SRTCP datagram, decrypted in place. */
    void onSrtp(byte[] buf, int len, long receiveNanos) {
        SrtpProtector protector = srtp;
        if (protector == null) {
            // Before this side's keys (see MediaTransport#undecryptable()): dropped, as a browser drops them.
            return;
        }
        if (len < 12) {
            undecryptable.incrementAndGet();
            return;
        }
        LinkLoss link = loss;
        if (link != null && link.drops()) {
            return;
        }
        int pt = Bytes.u8(buf, 1);
        boolean rtcp = pt >= 192 && pt <= 223;
        int plain = rtcp ? protector.unprotectRtcp(buf, 0, len) : protector.unprotectRtp(buf, 0, len);
        if (plain < 0) {
            undecryptable.incrementAndGet();
        } else if (rtcp) {
            noteKeyframeRequests(buf, plain);
            receiver.onRtcp(buf, plain, receiveNanos);
        } else {
            TransportFeedbackWriter writer = feedback;
            if (writer != null) {
                writer.onRtp(buf, plain, receiveNanos);
            }
            if (link != null) {
                link.onRtp(buf, plain);
            }
            receiver.onRtp(buf, plain, receiveNanos);
        }
    }

    private void noteKeyframeRequests(byte[] buf, int end) {
        int off = 0;
        while (off + 4 <= end) {
            int length = RtcpPacket.lengthBytes(buf, off);
            if (length <= 0 || off + length > end) {
                return;
            }
            int fmt = RtcpPacket.count(buf, off);
            // A peer publishes one video stream, so any PLI/FIR to it is about that stream.
            if (RtcpPacket.packetType(buf, off) == PSFB && (fmt == 1 || fmt == 4)) {
                keyframeRequested = true;
            }
            off += length;
        }
    }

    void close() {
        SrtpProtector protector = srtp;
        if (protector != null) {
            protector.close();
        }
    }
}
