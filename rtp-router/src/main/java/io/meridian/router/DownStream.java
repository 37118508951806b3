package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;

/**
 * What one receiver gets of one published source, and everything the node rewrites for that receiver (mediasoup's
 * Consumer, LiveKit's DownTrack): the outbound SSRC, sequence number and timestamp, kept continuous when the source
 * behind it changes, then the projections negotiated for it (payload type, extension ids). Loop-confined.
 */
public final class DownStream {
    final Leg receiver;
    InboundStream source;
    /** The SSRC the receiver sees: the first source's, for as long as this stream lives (its SDP names it). */
    private final int ssrc;
    Projection[] projections;
    /** The tables negotiated for this receiver (payload types, extension ids). */
    private final TrackMaps maps;
    /** The next sequence number of the RTX packets the node writes on this stream (RFC 4588 §4: its own space). */
    private int rtxSequence = java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000);
    /** Recent retransmissions to this receiver, by sequence number mod {@link #RESENT_SLOTS} (the NACK side's). */
    /** Made at the first retransmission (3 KB a stream that most receivers on a clean path never need). */
    private int[] resentSeq;
    private long[] resentAt;
    private byte[] resentCount;
    /** Added to the source's sequence number / timestamp (mod 2^16 / 2^32) to give the receiver's. */
    private int sequenceOffset;
    private long timestampOffset;
    /**
     * The source of the last packet sent, kept by the loop that sends: a packet of another source starts the new
     * one, and the offsets are set from it to continue the receiver's stream.
     */
    private InboundStream lastSource;
    private boolean sentAny;
    private int lastSequenceOut;
    private long lastTimestampOut;
    /** Whether the last packet sent ended its frame (RTP marker), and when it was sent. */
    private boolean lastMarker = true;
    private long lastSentNanos;
    /** The receiver's sequence number of the first packet of the current source. */
    private int firstSequenceOfSource;
    /**
     * The receiver's sequence number where its numbering last jumped on (see {@link #project}); -1 when it never did,
     * or when the receiver has since had 2^14 packets more and a NACK cannot name one from before it.
     */
    private int rebasedAt = -1;
    /** For a simulcast track: which layer this receiver gets; null otherwise. */
    SimulcastSelector selector;
    /** For a VP9 or AV1 track: which of its layers this receiver gets; null otherwise. */
    SvcFilter svc;
    /**
     * Where packets are left out for their layer (a filter above, or VP8 temporal layers under a selector): the
     * numbering that closes their gaps; null for streams sent whole.
     */
    SequenceRenumber renumber;
    /** Bytes sent on this stream, sealed (the sending loop writes; the layer allocation reads its rate). */
    long bytesSent;
    /** The receiver paused this track: nothing is sent until it resumes (conference loop writes, sending loop reads). */
    volatile boolean paused;
    /** The publisher is past the receiver's last-N: nothing is sent (as {@link #paused}, but the node's doing). */
    private volatile boolean hiddenByLastN;

    static final int RESENT_SLOTS = 256;

    DownStream(Leg receiver, InboundStream source, TrackMaps maps) {
        this.receiver = receiver;
        this.source = source;
        this.ssrc = source.ssrc;
        this.maps = maps;
        this.projections = new Projection[0];
    }

    /**
     * Conference loop: a stream that sends {@code source} to the receiver of {@code earlier} under the SSRC
     * {@code ssrc}, going on from {@code earlier}'s sequence numbers and timestamps when there is one (as
     * {@link #project} does when a source changes). Another loop may still be sending on {@code earlier}, so its
     * numbering is then taken {@link #NUMBERING_MARGIN} further on: the receiver sees a short loss, never a sequence
     * number twice.
     */
    DownStream(Leg receiver, InboundStream source, TrackMaps maps, int ssrc, DownStream earlier) {
        this.receiver = receiver;
        this.source = source;
        this.ssrc = ssrc;
        this.maps = maps;
        this.projections = new Projection[0];
        if (earlier != null && earlier.sentAny) {
            int margin = receiver.shard == null ? 0 : NUMBERING_MARGIN;
            sentAny = true;
            lastSequenceOut = (earlier.lastSequenceOut + margin) & 0xFFFF;
            lastTimestampOut = earlier.lastTimestampOut;
            lastSentNanos = earlier.lastSentNanos;
            lastMarker = earlier.lastMarker && margin == 0;
        }
    }

    /** Packets another loop may send on a stream while the conference's loop reads its numbering. */
    static final int NUMBERING_MARGIN = 64;

    /** The receiver's payload type for the publisher's {@code pt}, or -1 when it did not negotiate it. */
    public int receiverPayloadType(int pt) {
        return maps.payloadTypes()[pt & 0x7F];
    }

    /** This receiver's stream of its source's RTX (RFC 4588), or null when it gets none. */
    public DownStream rtx() {
        InboundStream base = source.simulcast != null ? source.simulcast.anchor : source;
        InboundStream rtxSource = base.rtxStream();
        return rtxSource == null ? null : receiver.downStream(rtxSource.ssrc());
    }

    /**
     * The payload type, on {@code rtx} (this stream's {@link #rtx()}), of the RTX of a source packet with payload type
     * {@code pt} (RFC 4588 §8.6: one RTX type per media type), or -1 when the receiver negotiated none for it.
     */
    public int rtxPayloadType(DownStream rtx, int pt) {
        int publisherRtxPt = source.rtxTypes().rtxOf(pt);
        return publisherRtxPt < 0 ? -1 : rtx.receiverPayloadType(publisherRtxPt);
    }

    /**
     * The source's sequence number for a sequence number this receiver saw (e.g. one it NACKs), or -1 when that packet
     * came from a layer this receiver has since switched away from (its NACK cannot be answered from the current one).
     */
    public int sourceSequence(int receiverSequence) {
        if (selector != null && ((receiverSequence - firstSequenceOfSource) & 0x8000) != 0) {
            return -1;
        }
        if (rebasedAt >= 0 && ((receiverSequence - rebasedAt) & 0x8000) != 0) {
            return -1; // sent before the numbering jumped on: the offset now maps it to a packet it never had
        }
        int compact = (receiverSequence - sequenceOffset) & 0xFFFF;
        return renumber == null ? compact : renumber.sourceOf(compact);
    }

    /**
     * Conference loop: hides this stream (its publisher is past the receiver's last-N) or shows it again; returns
     * true when it was hidden and is now shown, so the caller asks for a key frame.
     */
    public boolean hiddenByLastN(boolean hidden) {
        boolean shownAgain = hiddenByLastN && !hidden;
        hiddenByLastN = hidden;
        return shownAgain;
    }

    /** Whether the publisher is past the receiver's last-N, and nothing is sent. */
    boolean hiddenByLastN() {
        return hiddenByLastN;
    }

    /**
     * Whether the receiver was sent the source's packet {@code sourceSequence} (as far as this stream remembers):
     * false for one left out for its layer, which must not reach the receiver as a probe or padding either (it would
     * be a frame's packet the receiver never had, not a duplicate).
     */
    public boolean wasSent(int sourceSequence) {
        return renumber == null || renumber.compactOf(sourceSequence) >= 0;
    }

    /** Bytes sent on this stream (SRTP included), for rates: the sending loop counts them. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Which layers of a VP9 or AV1 track this receiver gets; null for other tracks. */
    public SvcFilter svc() {
        return svc;
    }

    /**
     * This receiver's view of the track's layers, for its layer allocation: a simulcast track's selector, or a
     * scalable track's filter once the track has shown layers; null for a track sent whole.
     */
    public LayeredTrack layered() {
        if (selector != null) {
            return selector;
        }
        return svc != null && svc.layerCount() > 0 ? svc : null;
    }

    /** Which layer of a simulcast track this receiver gets; null for other tracks. */
    public SimulcastSelector selector() {
        return selector;
    }

    /**
     * NACK side: whether the packet with source sequence number {@code seq} may be sent to this receiver again now,
     * at most {@code maxTimes} in all and not within {@code minIntervalNanos} of the last time; notes it when so.
     */
    public boolean mayResend(int seq, long now, int maxTimes, long minIntervalNanos) {
        if (resentSeq == null) {
            resentSeq = new int[RESENT_SLOTS];
            resentAt = new long[RESENT_SLOTS];
            resentCount = new byte[RESENT_SLOTS];
            java.util.Arrays.fill(resentSeq, -1);
        }
        int i = seq & (RESENT_SLOTS - 1);
        if (resentSeq[i] != seq) {
            resentSeq[i] = seq;
            resentCount[i] = 1;
            resentAt[i] = now;
            return true;
        }
        if (resentCount[i] >= maxTimes || now - resentAt[i] < minIntervalNanos) {
            return false;
        }
        resentCount[i]++;
        resentAt[i] = now;
        return true;
    }

    /** The next sequence number of this RTX stream (the sending loop only). */
    int nextRtxSequence() {
        int s = rtxSequence;
        rtxSequence = (s + 1) & 0xFFFF;
        return s;
    }

    /**
     * Rewrites a retransmitted copy of a packet already sent (so this stream's numbering is set) for this receiver,
     * as {@link #project} did the first time, without moving the stream on. Returns its new length, or
     * {@link Projection#NOT_SENT} when the receiver does not get it.
     */
    int reproject(PacketInfo packet, byte[] out, int len) {
        if (selector != null && !selector.rewriteAgain(packet, out, len)) {
            return Projection.NOT_SENT;
        }
        int seq = RtpPacket.sequence(out, 0);
        int compact = seq;
        if (renumber != null) {
            compact = renumber.compactOf(seq);
            if (compact < 0) {
                return Projection.NOT_SENT;
            }
            int marker = renumber.markerOf(seq);
            if (marker >= 0) {
                RtpPacket.setMarker(out, 0, marker == 1);
            }
        }
        for (Projection p : projections) {
            len = p.project(packet, this, out, len);
            if (len < 0) {
                return Projection.NOT_SENT;
            }
        }
        RtpPacket.setSsrc(out, 0, ssrc);
        RtpPacket.setSequence(out, 0, (compact + sequenceOffset) & 0xFFFF);
        Bytes.put32(out, 4, (int) ((RtpPacket.timestamp(out, 0) + timestampOffset) & 0xFFFF_FFFFL));
        return len;
    }

    public Leg receiver() {
        return receiver;
    }

    public InboundStream source() {
        return source;
    }

    /** The SSRC this receiver sees. */
    public int ssrc() {
        return ssrc;
    }

    /** The receiver's RTP timestamp for a timestamp of the current source (for the sender reports re-issued to it). */
    public long timestampOut(long sourceTimestamp) {
        return (sourceTimestamp + timestampOffset) & 0xFFFF_FFFFL;
    }

    /**
     * Conference loop: puts {@code next} behind this stream (a simulcast layer switch, a publisher that replaced its
     * source). The receiver keeps one SSRC whose sequence numbers and timestamps go on from the last packet it got
     * (RFC 3550 §5.1: a jump in either would read as loss or as a clock reset).
     */
    void switchSource(InboundStream next) {
        source = next;
    }

    /**
     * Whether this receiver gets {@code packet} at all, before its copy is made: not while paused or past its last-N,
     * and of a simulcast track only the layer its selector forwards (which switches here, at a key frame). A packet
     * admitted goes on to {@link #project}, once.
     */
    boolean admits(PacketInfo packet) {
        return !paused && !hiddenByLastN && (selector == null || selector.admit(packet));
    }

    /**
     * For a packet {@link #admits admitted}: writes the receiver's SSRC, sequence number and timestamp into
     * {@code out}, then runs the projections. Returns the copy's new length, or {@link Projection#NOT_SENT} when this
     * receiver does not get the packet after all (a layer left out, a payload type it did not negotiate).
     */
    int project(PacketInfo packet, byte[] out, int len) {
        int seq = RtpPacket.sequence(out, 0);
        long ts = RtpPacket.timestamp(out, 0);
        InboundStream from = packet.stream();
        if (from != lastSource) {
            if (sentAny) {
                // The next sequence number, or one more when the last frame was cut short, so the receiver sees a
                // loss there and drops the partial frame rather than decoding it (mediasoup and Jitsi do the same);
                // and a timestamp as far on as time has gone (at least one tick), since each source has a random
                // timestamp base (RFC 3550 §5.1).
                sequenceOffset = (lastSequenceOut + (lastMarker ? 1 : 2) - seq) & 0xFFFF;
                long ticks = Math.max(1, (packet.arrivalNanos() - lastSentNanos) * from.kind.clockRate()
                        / 1_000_000_000L);
                timestampOffset = (lastTimestampOut + ticks - ts) & 0xFFFF_FFFFL;
            }
            firstSequenceOfSource = (seq + sequenceOffset) & 0xFFFF;
            lastSource = from;
            if (renumber != null) {
                renumber.reset();
            }
        }
        if (selector != null && !selector.rewrite(packet, out, len) || svc != null && !svc.admit(packet, out)) {
            if (renumber != null) {
                renumber.leaveOut(seq);
            }
            packet.skip();
            return Projection.NOT_SENT;
        }
        for (Projection p : projections) {
            len = p.project(packet, this, out, len);
            if (len < 0) {
                return Projection.NOT_SENT;
            }
        }
        int compact = seq;
        if (renumber != null) {
            compact = renumber.forward(seq, RtpPacket.marker(out, 0));
            if (compact < 0) {
                packet.skip();
                return Projection.NOT_SENT;
            }
        }
        int seqOut = (compact + sequenceOffset) & 0xFFFF;
        int ahead = (seqOut - lastSequenceOut) & 0xFFFF;
        if (sentAny && packet.newest() && (ahead == 0 || ahead >= 0x8000)) {
            // The source went on by 2^15 packets or more that this receiver did not get (paused, past its last-N, or
            // dropped): its SRTP would estimate this packet's index as one from before the last wrap, refuse it as
            // too old, and every one after it (RFC 3711 §3.3.1). The numbering goes on from the last packet sent, as
            // at a source switch.
            sequenceOffset = (lastSequenceOut + (lastMarker ? 1 : 2) - compact) & 0xFFFF;
            seqOut = (compact + sequenceOffset) & 0xFFFF;
            rebasedAt = seqOut;
        } else if (rebasedAt >= 0 && ((seqOut - rebasedAt) & 0xFFFF) >= 0x4000 && ahead < 0x8000) {
            rebasedAt = -1;
        }
        long tsOut = (ts + timestampOffset) & 0xFFFF_FFFFL;
        RtpPacket.setSsrc(out, 0, ssrc);
        RtpPacket.setSequence(out, 0, seqOut);
        Bytes.put32(out, 4, (int) tsOut);
        sentAny = true;
        lastSequenceOut = seqOut;
        lastTimestampOut = tsOut;
        lastMarker = RtpPacket.marker(out, 0);
        lastSentNanos = packet.arrivalNanos();
        return len;
    }
}
