package io.meridian.loadgen;

import io.meridian.client.RtpSender;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;

/**
 * One RTP stream a participant publishes: SSRC, payload type, clock, and the stamp sequence (which is also the RTP
 * sequence number, modulo 2^16). Used by the pacer thread only, except {@link #lastSequence()}.
 */
final class PublishedStream {
    private final int streamId;
    private final long ssrc;
    private final int payloadType;
    private final byte[] packet = new byte[1500];
    /** The publisher's transport-wide sequence (one across its streams), or null when it negotiated none. */
    private final TransportSequence transportSequence;
    private int nextSequence;
    private volatile int lastSequence = -1;
    private long rtpTimestamp;

    PublishedStream(int streamId, long ssrc, int payloadType, TransportSequence transportSequence) {
        this.streamId = streamId;
        this.transportSequence = transportSequence;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
    }

    int streamId() {
        return streamId;
    }

    /** Stamp sequence of the last packet sent, or -1 before the first. */
    int lastSequence() {
        return lastSequence;
    }

    void advanceClock(long ticks) {
        rtpTimestamp += ticks;
    }

    /** The RTP timestamp of the current frame. */
    int clock() {
        return (int) rtpTimestamp;
    }

    /**
     * Builds and sends one packet of {@code payloadLength} bytes: RTP fixed header, {@code prefix} (e.g. the VP8
     * payload descriptor), filler, then the stamp (taken now: time spent in the sender's pacer is not latency).
     * With a transport-wide sequence, the header carries its next number (RFC 8285 one-byte element, as Chromium
     * writes it) and the payload is that much shorter: the datagram has the same size either way.
     */
    boolean send(RtpSender transport, int payloadLength, byte[] prefix, boolean marker, int timestamp) {
        int sequence = nextSequence++;
        byte[] b = packet;
        b[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        Bytes.put16(b, 2, sequence & 0xFFFF);
        Bytes.put32(b, 4, timestamp);
        Bytes.put32(b, 8, (int) ssrc);
        int header = RtpPacket.FIXED_HEADER;
        if (transportSequence == null) {
            b[0] = (byte) 0x80;
        } else {
            b[0] = (byte) 0x90;
            header = transportSequence.write(b, header);
        }
        int end = RtpPacket.FIXED_HEADER + payloadLength;
        System.arraycopy(prefix, 0, b, header, prefix.length);
        MediaStamp.write(b, end, streamId, sequence, System.nanoTime());
        boolean sent = transport.sendRtp(b, end);
        lastSequence = sequence;
        return sent;
    }
}
