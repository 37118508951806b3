package io.meridian.router;

import io.meridian.srtp.SrtpProtector;
import io.netty.util.collection.IntObjectHashMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One participant's media state inside a {@link Conference}: what it publishes, what it receives (one
 * {@link DownStream} per source), the stages installed for what it negotiated, and its SRTP session once DTLS
 * completes. Touched only on the conference's event loop, so it needs no locks; the counters are also read by
 * operator views, which may see them a few packets stale.
 */
public final class Leg {
    private static final ReceiveStage[] NO_RECEIVE_STAGES = new ReceiveStage[0];
    private static final VarHandle TRAFFIC = MethodHandles.arrayElementVarHandle(long[].class);

    final String participantId;
    /** The SSRC the node uses as RTCP sender toward this participant (RFC 3550 §8: chosen at random). */
    final int localSsrc;
    /** The way out for RTCP the node writes to this participant (and RTP too, unless a shard sends that). */
    final PacketSender sender;
    /** The way out for forwarded RTP: {@link #sender}, or the shard loop's when {@link #shard} is set. */
    final PacketSender rtpSender;
    /** The other loop that seals and sends this participant's RTP (a spread fan-out), or null for the conference's. */
    final FanOutShard shard;
    final Negotiated negotiated;
    final IntObjectHashMap<InboundStream> published = new IntObjectHashMap<>();
    /** Receiver side: source SSRC (primary or RTX) -> this leg's stream of it. */
    final IntObjectHashMap<DownStream> downStreams = new IntObjectHashMap<>();
    /**
     * For a receiver whose streams are {@link Conference#resend resent} (a WHEP viewer): the streams whose track was
     * unpublished, by the SSRC the receiver knows, kept so that the next track sent there goes on from their
     * numbering (the receiver's SRTP would take a sequence number it saw before as a replay); null for others.
     */
    IntObjectHashMap<DownStream> retired;
    final List<PublishedTrackSpec> tracks = new ArrayList<>();
    ReceiveStage[] receiveStages = NO_RECEIVE_STAGES;
    FeedbackStage[] feedbackStages = new FeedbackStage[0];
    SendObserver[] sendObservers = new SendObserver[0];
    Periodic[] periodic = new Periodic[0];
    /** Set and cleared by the conference's loop; read by a shard's loop too. */
    volatile SrtpProtector srtp;
    boolean forwardedAny;
    /** The last round-trip time this leg's receiver reports gave (RFC 3550 §6.4.1), 0 until one did; loop only. */
    private long roundTripNanos;
    /** How many others' video this participant wants at most, by who spoke last; negative: all (conference loop). */
    private int lastN = -1;
    /** The node's estimate of what this participant's downlink carries, 0 while there is none (conference loop). */
    private long estimatedBps;
    /** What the layer allocation asks to be sent to this participant besides its media, bits/s (conference loop). */
    private long paddingBps;
    /** Whether the node pads this participant's downlink when asked (a prober runs for it); set at install. */
    private boolean paddable;
    /** packets in, bytes in, packets out, bytes out: written by the loop with opaque stores (no fence per packet). */
    private final long[] traffic = new long[4];

    Leg(String participantId, int localSsrc, PacketSender sender, Negotiated negotiated, FanOutShard shard,
        PacketSender rtpSender) {
        this.participantId = participantId;
        this.localSsrc = localSsrc;
        this.sender = sender;
        this.shard = shard;
        this.rtpSender = shard == null ? sender : rtpSender;
        this.negotiated = negotiated;
    }

    void install(LegStages stages) {
        receiveStages = stages.receive.toArray(new ReceiveStage[0]);
        feedbackStages = stages.feedback.toArray(new FeedbackStage[0]);
        sendObservers = stages.sendObservers.toArray(new SendObserver[0]);
        periodic = stages.periodic.toArray(new Periodic[0]);
    }

    public String participantId() {
        return participantId;
    }

    public int localSsrc() {
        return localSsrc;
    }

    /** The features this participant's SDP negotiated. */
    public Set<Feature> features() {
        return negotiated.features();
    }

    /** What this participant's SDP negotiated: its features and the header-extension ids they read. */
    public Negotiated negotiated() {
        return negotiated;
    }

    public boolean srtpReady() {
        return srtp != null;
    }

    /** The stream this leg publishes under {@code ssrc}, or null. */
    public InboundStream published(int ssrc) {
        return published.get(ssrc);
    }

    /** Every stream (primary and RTX) this leg publishes; not to be changed. */
    public Collection<InboundStream> publishedStreams() {
        return published.values();
    }

    /** Every stream this leg receives (one per source, primary and RTX); not to be changed. */
    public Collection<DownStream> downStreams() {
        return downStreams.values();
    }

    /** This leg's stream of the source {@code ssrc}, or null when it does not receive it. */
    public DownStream downStream(int ssrc) {
        return downStreams.get(ssrc);
    }

    /** The transport-wide sequence number of the next packet the node sends this participant (the sending loop's). */
    private int transportSequence;
    /** The number the packet being sent was given, until its send observers take it; -1 when it has none. */
    private int stamped = -1;

    /** The sending loop: the next transport-wide sequence number toward this participant (draft-holmer-...-01 §2.1). */
    public int nextTransportSequence() {
        int s = transportSequence;
        transportSequence = (s + 1) & 0xFFFF;
        stamped = s;
        return s;
    }

    /**
     * The sending loop, from a send observer: the transport-wide sequence number of the packet about to be sealed
     * (what its projections numbered it, so the observer need not find the element again), or -1 when it has none.
     * Once per packet: the next call gives -1 until another packet is numbered.
     */
    public int takeTransportSequence() {
        int s = stamped;
        stamped = -1;
        return s;
    }

    /** Whether another media loop sends this participant's RTP (a spread fan-out). */
    public boolean sentByAnotherLoop() {
        return shard != null;
    }

    /** Conference loop, through {@link Conference#lastN}: the participant's own last-N (negative: all). */
    void lastN(int n) {
        lastN = n;
    }

    public int lastN() {
        return lastN;
    }

    /** Conference loop: the node's latest estimate of this participant's downlink (transport-cc feedback). */
    public void bandwidthEstimated(long bps) {
        estimatedBps = bps;
    }

    /** The node's estimate of this participant's downlink in bits per second, 0 when it has none. */
    public long estimatedBps() {
        return estimatedBps;
    }

    /**
     * Conference loop: padding to send this participant on top of its media (cached packets again, as RTX), so its
     * path shows whether it carries a higher simulcast layer before the layer is sent; 0 for none.
     */
    public void padding(long bps) {
        paddingBps = bps;
    }

    /** The padding asked for this participant in bits per second, 0 for none. */
    public long paddingBps() {
        return paddingBps;
    }

    /**
     * While the stages are installed: padding asked for this participant is sent (whenever there is a cached video
     * packet to send again).
     */
    public void paddable(boolean can) {
        paddable = can;
    }

    /** Whether padding asked for this participant is sent (false where nothing pads it). */
    public boolean paddable() {
        return paddable;
    }

    /** Loop: the round-trip time to this participant measured from its last receiver report. */
    public void roundTripMeasured(long nanos) {
        roundTripNanos = nanos;
    }

    /** The round-trip time to this participant, 0 until measured (loop only). */
    public long roundTripNanos() {
        return roundTripNanos;
    }

    /** Loop: counts an accepted inbound RTP datagram of {@code bytes} on the wire. */
    void countIn(int bytes) {
        add(0, 1);
        add(1, bytes);
    }

    /** Loop: counts a sealed RTP datagram of {@code bytes} sent to this leg. */
    void countOut(int bytes) {
        add(2, 1);
        add(3, bytes);
    }

    private void add(int slot, long delta) {
        TRAFFIC.setOpaque(traffic, slot, (long) TRAFFIC.getOpaque(traffic, slot) + delta);
    }

    private long read(int slot) {
        return (long) TRAFFIC.getOpaque(traffic, slot);
    }

    public long packetsIn() {
        return read(0);
    }

    public long bytesIn() {
        return read(1);
    }

    public long packetsOut() {
        return read(2);
    }

    public long bytesOut() {
        return read(3);
    }
}
