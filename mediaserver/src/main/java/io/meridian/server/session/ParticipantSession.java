package io.meridian.server.session;

import io.meridian.api.EventSink;
import io.meridian.router.Leg;
import io.meridian.sdp.IceParameters;
import io.meridian.sdp.ParticipantNegotiation;
import io.meridian.sdp.PublishedTrack;
import io.meridian.server.transport.MediaEndpoint;
import io.meridian.server.transport.TcpLink;
import io.meridian.server.transport.MediaLoop;
import io.meridian.srtp.DtlsServerSession;
import io.netty.buffer.ByteBuf;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One participant on this node: its signalling state (guarded by the conference's lock), its ICE/DTLS transport and
 * its router leg (touched on its conference's media loop only).
 */
final class ParticipantSession implements MediaEndpoint {
    final String id;
    final String displayName;
    /** The authenticated subject of the token that joined, or null without tokens (dev mode). */
    final String identity;
    final java.time.Instant joinedAt;
    final ConferenceSession conference;
    /**
     * The node's ICE credentials for this participant and the participant's own, swapped together by an ICE restart
     * (WHIP's, RFC 9725 §4.3.2); read by the ICE-lite responder on any media loop.
     */
    volatile IcePair ice;

    record IcePair(IceParameters local, IceParameters remote) {
    }
    final ParticipantNegotiation negotiation;
    private final MediaLoop transport;
    private final LongSupplier nanos;
    private final NodeEvents nodeEvents;
    private final long nanoOrigin;

    // Control plane (conference lock).
    volatile EventSink events;
    /** Remote tracks this participant should receive, by "publisherId/trackId", and those its answers accepted. */
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    List<Subscription> offeredSubscriptions = List.of();
    /** Set once after admission (outside the conference lock); read by the media loop. */
    volatile DtlsServerSession dtls;
    volatile String dtlsState = "new";
    volatile String iceState = "new";
    volatile String srtpProfile;
    volatile boolean closed;
    /** From the router's last report of this participant's receiver reports; null until one arrives. */
    volatile Reception reception;
    /** The node's send-side estimate of this participant's downlink, bits/s; 0 until one is made. */
    volatile long estimatedBitrate;

    // Media loop.
    Leg leg;
    private volatile InetSocketAddress selected;
    /** The ICE-TCP connection in use instead of {@link #selected} (RFC 6544), null while UDP is. */
    private volatile TcpLink selectedTcp;
    /** Every ICE-TCP connection that passed a check (the client may open several); home loop. */
    private final List<TcpLink> tcpLinks = new ArrayList<>();
    final List<InetSocketAddress> checkedAddresses = new ArrayList<>();
    volatile long lastCheckNanos;
    /** Join-stage timestamps (monotonic), 0 until reached; see {@link NodeEvents.JoinStage}. */
    volatile long iceConnectedNanos;
    volatile long dtlsConnectedNanos;

    ParticipantSession(String id, String displayName, String identity, java.time.Instant joinedAt,
                       ConferenceSession conference, IceParameters localIce,
                       ParticipantNegotiation negotiation, LongSupplier nanos, NodeEvents nodeEvents,
                       long nowNanos) {
        this.id = id;
        this.displayName = displayName;
        this.identity = identity;
        this.joinedAt = joinedAt;
        this.conference = conference;
        this.ice = new IcePair(localIce, negotiation.remoteIce());
        this.negotiation = negotiation;
        this.transport = conference.loop;
        this.nanos = nanos;
        this.nodeEvents = nodeEvents;
        this.nanoOrigin = nowNanos;
        this.lastCheckNanos = nowNanos;
    }

    List<PublishedTrack> publishedTracks() {
        return negotiation.publishedTracks();
    }

    long joinedNanos() {
        return nanoOrigin;
    }

    long now() {
        return nanos.getAsLong();
    }

    @Override
    public MediaLoop home() {
        return transport;
    }

    @Override
    public void onCheckPassed(InetSocketAddress from, boolean nominated) {
        lastCheckNanos = nanos.getAsLong();
        if (!checkedAddresses.contains(from)) {
            checkedAddresses.add(from);
        }
        // RFC 8445 §7.3.1.5: an ICE-lite agent uses the pair the controlling agent nominated; before a nomination
        // the first checked address is the best guess so a DTLS ClientHello can be answered.
        if (nominated || selected == null && selectedTcp == null) {
            selected = from;
            selectedTcp = null;
            iceState = nominated ? "connected" : "checking";
        }
        iceConnected(nominated);
    }

    /** As {@link #onCheckPassed}, for a pair over an ICE-TCP connection. */
    @Override
    public void onTcpCheckPassed(TcpLink link, boolean nominated) {
        lastCheckNanos = nanos.getAsLong();
        if (closed) {
            link.close();
            return;
        }
        if (!tcpLinks.contains(link)) {
            tcpLinks.add(link);
        }
        if (nominated || selected == null && selectedTcp == null) {
            selectedTcp = link;
            selected = null;
            iceState = nominated ? "connected" : "checking";
        }
        iceConnected(nominated);
    }

    @Override
    public void onTcpClosed(TcpLink link) {
        tcpLinks.remove(link);
        if (selectedTcp == link) {
            selectedTcp = null; // the client's next nominated pair takes over, or consent expires
        }
    }

    /** Removal: the participant's ICE-TCP connections are closed (their loops learn it and forget them). */
    void closeTcpLinks() {
        transport.eventLoop().execute(() -> List.copyOf(tcpLinks).forEach(TcpLink::close));
    }

    /** Whether the pair in use is an ICE-TCP connection. */
    boolean overTcp() {
        return selectedTcp != null;
    }

    private void iceConnected(boolean nominated) {
        if (nominated && iceConnectedNanos == 0) {
            iceConnectedNanos = lastCheckNanos;
            nodeEvents.joinStage(NodeEvents.JoinStage.ICE_CONNECTED, (iceConnectedNanos - nanoOrigin) / 1e9);
        }
    }

    @Override
    public void onDtls(byte[] data, int off, int len) {
        DtlsServerSession session = dtls;
        if (session != null) {
            session.onDatagram(data, off, len);
        }
    }

    @Override
    public void onMedia(ByteBuf packet) {
        if (leg == null || closed) {
            packet.release();
            return;
        }
        conference.media.inbound().receive(leg, packet);
    }

    InetSocketAddress remoteAddress() {
        TcpLink tcp = selectedTcp;
        return tcp != null ? tcp.remoteAddress() : selected;
    }

    /** Home loop: the router's way out to this participant. */
    void sendMedia(ByteBuf datagram) {
        sendVia(transport, datagram);
    }

    /** Loop {@code loop} (this participant's share of a spread fan-out): forwarded RTP out through its socket. */
    void sendVia(MediaLoop loop, ByteBuf datagram) {
        TcpLink tcp = selectedTcp;
        InetSocketAddress to = selected;
        if (closed || tcp == null && to == null) {
            datagram.release();
        } else if (tcp != null) {
            tcp.send(datagram);
        } else {
            loop.send(datagram, to);
        }
    }

    /** Handshake thread: DTLS flights go to the selected address or connection. */
    void sendDtls(byte[] data, int off, int len) {
        TcpLink tcp = selectedTcp;
        InetSocketAddress to = selected;
        if (closed) {
            return;
        }
        if (tcp != null) {
            tcp.send(data, off, len);
        } else if (to != null) {
            transport.sendFromAnyThread(data, off, len, to);
        }
    }

    /** What this participant last reported about the media it receives (RFC 3550 §6.4.1). */
    record Reception(double fractionLost, double jitterMillis, double roundTripMillis) {
    }

    /** A remote track this participant receives, with the rewrite tables negotiated for it. */
    record Subscription(String key, String publisherId, String trackId, int ssrc, io.meridian.router.TrackMaps maps,
                        boolean video) {
    }

    /** What this participant asked of a remote video track (receive-video), applied whenever it is subscribed. */
    record VideoWish(int maxSpatialLayer, int maxTemporalLayer, int maxHeight, boolean paused) {
    }

    /** Its receive-video wishes by subscription key; the socket's worker writes, the media loop reads a snapshot. */
    final java.util.Map<String, VideoWish> videoWishes = new java.util.concurrent.ConcurrentHashMap<>();
}
