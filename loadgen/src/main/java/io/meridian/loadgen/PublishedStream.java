package io.meridian.loadgen;

import io.meridian.client.RtpSender;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;

/**
 * One RTP stream a participant publishes: SSRC, payload type, clock, and the stamp sequence (which is also the RTP
 * sequence number, modulo 2^16). A simulcast layer is a stream of its own whose stamp id names its track and layer
 * ({@link #layerStreamId}), so receivers count one track whichever layer the node forwards. Used by the pacer
 * thread only, except {@link #lastSequence()}.
 */
final class PublishedStream {
    /** A stamp id's low bits name the track; the bits above, when set, one of its simulcast layers (plus one). */
    private static final int TRACK_BITS = 24;

    private final int streamId;
    private final long ssrc;
    private final int payloadType;
    private final byte[] packet = new byte[1500];
    /** The publisher's transport-wide sequence (one across its streams), or null when it negotiated none. */
    private final TransportSequence transportSequence;
    /** A simulcast layer's mid and rid elements (RFC 8852 §3), written while {@link #sdesPacketsLeft} lasts. */
    private final byte[] sdesElements;
    private int sdesPacketsLeft;
    private int nextSequence;
    private volatile int lastSequence = -1;
    private long rtpTimestamp;

    PublishedStream(int streamId, long ssrc, int payloadType, TransportSequence transportSequence) {
        this(streamId, ssrc, payloadType, transportSequence, new byte[0], 0);
    }

    /**
     * @param sdesElements mid and rid elements of a RID-simulcast layer, written on its first {@code sdesPackets}
     *                     packets only: libwebrtc stops sending them once a receiver report shows the SSRC is known
     */
    PublishedStream(int streamId, long ssrc, int payloadType, TransportSequence transportSequence,
                    byte[] sdesElements, int sdesPackets) {
        this.streamId = streamId;
        this.transportSequence = transportSequence;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.sdesElements = sdesElements.clone();
        this.sdesPacketsLeft = sdesPackets;
    }

    /** The stamp id of layer {@code layer} (0 the lowest) of the track whose stamp id is {@code trackId}. */
    static int layerStreamId(int trackId, int layer) {
        return ((layer + 1) << TRACK_BITS) | trackId;
    }

    /** The track a stamp id belongs to: itself, or for a simulcast layer its track's. */
    static int trackOf(int streamId) {
        return streamId & ((1 << TRACK_BITS) - 1);
    }

    /** A stamp id's simulcast layer, or -1 when it is no layer of a simulcast track. */
    static int layerOf(int streamId) {
        return (streamId >>> TRACK_BITS) - 1;
    }

    int streamId() {
        return streamId;
    }

    int trackId() {
        return trackOf(streamId);
    }

    long ssrc() {
        return ssrc;
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
     * Builds and sends one packet of {@code payloadLength} bytes: RTP fixed header, the first {@code prefixLength}
     * bytes of {@code prefix} (the VP8 payload descriptor and header), filler, then the stamp (taken now: time spent
     * in the sender's pacer is not latency). Header elements (the transport-wide sequence number, a layer's mid and
     * rid) go in one RFC 8285 one-byte block, as Chromium writes them, and the payload is that much shorter: the
     * datagram has the same size either way.
     */
    boolean send(RtpSender transport, int payloadLength, byte[] prefix, int prefixLength, boolean marker,
                 int timestamp) {
        int sequence = nextSequence++;
        byte[] b = packet;
        b[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        Bytes.put16(b, 2, sequence & 0xFFFF);
        Bytes.put32(b, 4, timestamp);
        Bytes.put32(b, 8, (int) ssrc);
        int header = writeExtensions(b);
        int end = RtpPacket.FIXED_HEADER + payloadLength;
        System.arraycopy(prefix, 0, b, header, prefixLength);
        MediaStamp.write(b, end, streamId, sequence, System.nanoTime());
        boolean sent = transport.sendRtp(b, end);
        lastSequence = sequence;
        return sent;
    }

    /** Writes X and the extension block, if any, after the fixed header; returns where the payload starts. */
    private int writeExtensions(byte[] b) {
        boolean sdes = sdesPacketsLeft > 0;
        if (transportSequence == null && !sdes) {
            b[0] = (byte) 0x80;
            return RtpPacket.FIXED_HEADER;
        }
        b[0] = (byte) 0x90;
        int at = RtpPacket.FIXED_HEADER + 4;
        if (transportSequence != null) {
            at = transportSequence.write(b, at);
        }
        if (sdes) {
            sdesPacketsLeft--;
            System.arraycopy(sdesElements, 0, b, at, sdesElements.length);
            at += sdesElements.length;
        }
        while ((at & 3) != 0) {
            b[at++] = 0; // padding (RFC 8285 §4.2)
        }
        Bytes.put16(b, RtpPacket.FIXED_HEADER, 0xBEDE);
        Bytes.put16(b, RtpPacket.FIXED_HEADER + 2, (at - RtpPacket.FIXED_HEADER - 4) / 4);
        return at;
    }
}
