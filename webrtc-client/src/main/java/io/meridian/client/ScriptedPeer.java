package io.meridian.client;

import io.meridian.sdp.HeaderExtension;
import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One scripted WebRTC participant of a Meridian node doing on the wire what a browser does: joins over HTTP with a
 * Chromium-like offer, opens the events socket (while ICE and DTLS run, as a browser does) and answers the node's
 * renegotiation offers on it, nominates the node's host candidate with a checked Binding request, runs DTLS-SRTP as
 * the client, then sends and receives SRTP through its {@link #transport()}, and leaves. Built only from the
 * project's own engines (sdp, srtp-engine, ice4j's STUN codec). The whole-node tests and the load generator both
 * drive it.
 *
 * <p>Close it: it owns a UDP socket and a WebSocket. {@link #close()} leaves the conference unless {@link #leave()}
 * did.
 */
public final class ScriptedPeer implements AutoCloseable {
    /** Both SRTP profiles, GCM first, as Chromium offers them. */
    public static final List<SrtpProfile> CHROMIUM_PROFILES = List.of(SrtpProfile.AEAD_AES_128_GCM,
            SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    private static final long EVENTS_OPEN_SECONDS = 30;
    /** Handshake threads for peers that are given none (daemons; a handshake's flights are short tasks). */
    private static final ExecutorService DEFAULT_HANDSHAKE_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "webrtc-client-dtls");
        t.setDaemon(true);
        return t;
    });

    /**
     * When each step of the join completed ({@link System#nanoTime()}): the offer was sent, the answer arrived,
     * the ICE check passed, DTLS completed, the events socket opened; 0 for a step not reached.
     */
    public record Timeline(long offerSent, long answered, long iceChecked, long dtlsDone, long eventsOpen) {
    }

    private final ApiClient api;
    private final String conferenceId;
    private final PeerIdentity identity;
    private final MediaReceiver receiver;
    private final boolean recordEvents;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final long[] steps = new long[5];
    private String participantId;
    private String answerSdp;
    private EventsSocket events;
    private volatile MediaTransport transport;
    private InetSocketAddress mappedAddress;
    private SrtpProfile profile;
    private boolean left;
    /** The rids this peer's video is simulcast as (lowest first); empty: one video stream. */
    private List<String> simulcastRids = List.of();
    /** The fingerprint its SDP claims, when not its certificate's (a test of the node's check, RFC 5763 §5). */
    private String claimedFingerprint;
    /** Joins by WHIP (RFC 9725) instead of the JSON join: no events socket; the session resource, once joined. */
    private boolean whip;
    /** Null for WHIP; for WHEP, the query of its POST ("" or "?participant=..."). */
    private String whepQuery;
    private String whipResource;
    /** Connects to the node's passive ICE-TCP candidate instead of its UDP one. */
    private boolean overTcp;
    private double linkLoss;
    private EventsSocket.OfferAnswered offerAnswered = EventsSocket.OfferAnswered.NONE;

    /**
     * @param receiver     gets every decrypted packet (on the shared receive thread)
     * @param recordEvents whether the events socket keeps every message and answered offer (tests), or nothing
     */
    public ScriptedPeer(ApiClient api, String conferenceId, PeerIdentity identity, MediaReceiver receiver,
                        boolean recordEvents) {
        this.api = api;
        this.conferenceId = conferenceId;
        this.identity = identity;
        this.receiver = receiver;
        this.recordEvents = recordEvents;
    }

    /**
     * Publishes its video as RID simulcast with these rids, lowest first (see {@link PeerSdp#joinOffer(PeerIdentity,
     * String, boolean, List)}); the layers' packets must then carry the mid and rid elements. Call before joining.
     */
    public ScriptedPeer simulcast(List<String> rids) {
        this.simulcastRids = List.copyOf(rids);
        return this;
    }

    /**
     * Claims {@code fingerprint} in its SDP instead of its DTLS certificate's, as an attacker who took over the
     * media path of someone else's session would: the node must refuse the handshake (RFC 5763 §5). Call before
     * joining.
     */
    public ScriptedPeer claimingFingerprint(String fingerprint) {
        this.claimedFingerprint = fingerprint;
        return this;
    }

    /**
     * Joins as a WHIP client does (RFC 9725 §4.2): the offer as {@code application/sdp} to {@code /v1/whip/{c}}, the
     * answer in the 201's body, the session at its {@code Location}, no events socket (so the node offers it nothing
     * to receive); leaving is a {@code DELETE} of the session. Call before joining.
     */
    public ScriptedPeer viaWhip() {
        this.whip = true;
        return this;
    }

    /**
     * Joins as a WHEP player does (draft-ietf-wish-whep): as {@link #viaWhip()}, at {@code /v1/whep/{c}}, with
     * {@code ?participant=} when {@code participant} is not null; join with {@link #view}. Call before joining.
     */
    public ScriptedPeer viaWhep(String participant) {
        this.whip = true;
        this.whepQuery = participant == null ? "" : "?participant=" + participant;
        return this;
    }

    /** Joins receiving only (a WHEP player's recvonly offer), offering {@code profiles}. */
    public void view(List<SrtpProfile> profiles) throws IOException {
        join(false, profiles, DEFAULT_HANDSHAKE_THREADS);
    }

    /**
     * Restarts ICE as a WHIP client does (RFC 9725 §4.3.2): new credentials of its own in a PATCH with
     * {@code If-Match: "*"}, the node's new ones from the 200, then a nominating check with them over the same
     * path; DTLS and SRTP go on. Returns the reply (its ETag names the new ICE session).
     */
    public ApiClient.Reply restartIceViaWhip() throws IOException {
        PeerIdentity fresh = PeerIdentity.random(identity.streamId());
        String fragment = "a=ice-ufrag:" + fresh.ufrag() + "\r\na=ice-pwd:" + fresh.pwd()
                + "\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n";
        ApiClient.Reply reply = api.patch(whipResource, "application/trickle-ice-sdpfrag", fragment, "*");
        if (reply.status() != 200) {
            throw new IOException("the ICE restart was refused: " + reply.status() + " " + reply.body());
        }
        String ufrag = sdpAttribute(reply.body(), "a=ice-ufrag:");
        String pwd = sdpAttribute(reply.body(), "a=ice-pwd:");
        mappedAddress = transport.check(new StunClient(ufrag, pwd, fresh.ufrag()));
        return reply;
    }

    private static String sdpAttribute(String sdp, String prefix) throws IOException {
        return sdp.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).strip())
                .orElseThrow(() -> new IOException("no " + prefix + " in\n" + sdp));
    }

    /** The WHIP session's resource (its Location) once joined by WHIP; null otherwise. */
    public String whipResource() {
        return whipResource;
    }

    /**
     * Sends and receives media over an ICE-TCP connection to the node's passive TCP candidate (RFC 6544), as a
     * browser whose UDP is blocked does. Call before joining.
     */
    public ScriptedPeer overTcp() {
        this.overTcp = true;
        return this;
    }

    /**
     * Loses a share {@code fraction} (0 to 1) of what the node sends at random and NACKs lost video, as a browser on a
     * lossy link does (see {@link MediaTransport#loseOnLink}). Call before joining.
     */
    public ScriptedPeer losingOnLink(double fraction) {
        this.linkLoss = fraction;
        return this;
    }

    /** Calls {@code listener} after each server offer's answer is sent (e.g. to state wishes for new tracks). */
    public ScriptedPeer onOfferAnswered(EventsSocket.OfferAnswered listener) {
        this.offerAnswered = listener;
        return this;
    }

    /** {@link #join(boolean, List, Executor)} publishing, offering {@code profiles}, on shared handshake threads. */
    public void join(List<SrtpProfile> profiles) throws IOException {
        join(true, profiles, DEFAULT_HANDSHAKE_THREADS);
    }

    private com.fasterxml.jackson.databind.JsonNode joinReply;

    /**
     * Joins (sendrecv with this peer's SSRCs when it {@code publishes}, recvonly otherwise), opens the events
     * socket, passes the ICE check and completes DTLS offering {@code profiles}; returns once all of that is done.
     * On failure, what was opened stays open until {@link #close()}.
     */
    public void join(boolean publishes, List<SrtpProfile> profiles, Executor handshakeThreads) throws IOException {
        steps[0] = System.nanoTime();
        String fingerprint = claimedFingerprint != null ? claimedFingerprint : certificate.fingerprintSha256();
        if (whip) {
            joinByWhip(PeerSdp.joinOffer(identity, fingerprint, publishes, simulcastRids), profiles, handshakeThreads);
            return;
        }
        ApiClient.Reply reply;
        try {
            reply = api.join(conferenceId, PeerSdp.joinOffer(identity, fingerprint, publishes, simulcastRids));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (reply.status() != 201 || reply.json() == null) {
            throw new IOException("join of " + identity.streamId() + " refused: " + reply.status() + " "
                    + reply.body());
        }
        steps[1] = System.nanoTime();
        joinReply = reply.json();
        participantId = reply.json().path("participantId").asText();
        answerSdp = reply.json().path("sdp").asText();
        events = new EventsSocket(offer -> PeerSdp.answer(offer, identity, fingerprint), recordEvents,
                offerAnswered);
        URI eventsUri = URI.create(reply.json().path("events").asText());
        CompletableFuture<?> eventsOpen = events.open(eventsUri, api.token())
                .thenRun(() -> steps[4] = System.nanoTime());
        connect(profiles, handshakeThreads);
        try {
            eventsOpen.get(EVENTS_OPEN_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("events socket " + eventsUri + " of " + identity.streamId() + " did not open: "
                    + e, e);
        }
    }

    private void joinByWhip(String offer, List<SrtpProfile> profiles, Executor handshakeThreads) throws IOException {
        ApiClient.Reply reply;
        try {
            reply = whepQuery == null ? api.whip(conferenceId, offer)
                    : api.post("/v1/whep/" + conferenceId + whepQuery, "application/sdp", offer);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String location = reply.header("Location");
        if (reply.status() != 201 || location == null) {
            throw new IOException((whepQuery == null ? "WHIP publish of " : "WHEP play of ") + identity.streamId()
                    + " refused: " + reply.status() + " "
                    + reply.body());
        }
        steps[1] = System.nanoTime();
        whipResource = location;
        participantId = location.substring(location.lastIndexOf('/') + 1);
        answerSdp = reply.body();
        connect(profiles, handshakeThreads);
    }

    private void connect(List<SrtpProfile> profiles, Executor handshakeThreads) throws IOException {
        MediaDescription tag;
        try {
            tag = SessionDescription.parse(answerSdp).media().get(0);
        } catch (SdpException e) {
            throw new IOException("the join answer is not SDP: " + e.getMessage() + "\n" + answerSdp, e);
        }
        String ufrag = tag.attribute("ice-ufrag").orElseThrow(() -> new IOException("no ice-ufrag:\n" + answerSdp));
        String pwd = tag.attribute("ice-pwd").orElseThrow(() -> new IOException("no ice-pwd:\n" + answerSdp));
        String fingerprint = tag.attribute("fingerprint").orElseThrow(
                () -> new IOException("no fingerprint:\n" + answerSdp)).trim();
        if (!fingerprint.startsWith("sha-256 ")) {
            throw new IOException("the answer's fingerprint is not sha-256: " + fingerprint);
        }
        MediaTransport media = new MediaTransport(hostCandidate(tag), receiver, overTcp);
        transport = media;
        if (linkLoss > 0) {
            media.loseOnLink(linkLoss, PeerSdp.VP8_PT, identity.ufrag().hashCode());
        }
        int transportCcId = PeerSdp.extensionId(tag, HeaderExtension.TRANSPORT_WIDE_CC);
        if (transportCcId > 0) {
            media.sendTransportFeedback(transportCcId);
        }
        mappedAddress = media.check(new StunClient(ufrag, pwd, identity.ufrag()));
        steps[2] = System.nanoTime();
        profile = media.handshake(certificate, fingerprint.substring("sha-256 ".length()), profiles,
                handshakeThreads);
        steps[3] = System.nanoTime();
    }

    /** The node's UDP host candidate, or with {@link #overTcp()} its passive TCP one (RFC 6544 §4.5). */
    private InetSocketAddress hostCandidate(MediaDescription tag) throws IOException {
        String transport = overTcp ? "tcp" : "udp";
        for (String value : tag.attributeValues("candidate")) {
            // RFC 8839 §5.1: foundation component transport priority address port "typ" type [extensions]
            String[] f = value.trim().split(" +");
            if (f.length >= 8 && f[2].equalsIgnoreCase(transport) && f[7].equals("host")
                    && (!overTcp || value.contains("tcptype passive"))) {
                return new InetSocketAddress(f[4], Integer.parseInt(f[5]));
            }
        }
        throw new IOException("the answer has no " + transport.toUpperCase(Locale.ROOT)
                + " host candidate:\n" + answerSdp);
    }

    public String participantId() {
        return participantId;
    }

    public String conferenceId() {
        return conferenceId;
    }

    public PeerIdentity identity() {
        return identity;
    }

    /** The node's SDP answer to the join offer. */
    public String answerSdp() {
        return answerSdp;
    }

    /** The XOR-MAPPED-ADDRESS the node reported for the nominating check. */
    public InetSocketAddress mappedAddress() {
        return mappedAddress;
    }

    /** The SRTP profile the DTLS handshake negotiated. */
    public SrtpProfile srtpProfile() {
        return profile;
    }

    /** The media socket; null before the join reached ICE. */
    public MediaTransport transport() {
        return transport;
    }

    /** The events socket; null before the join was answered. */
    public EventsSocket events() {
        return events;
    }

    public Timeline timeline() {
        return new Timeline(steps[0], steps[1], steps[2], steps[3], steps[4]);
    }

    /** The node's answer to the join (its JSON body), null before it (and for a WHIP join). */
    public com.fasterxml.jackson.databind.JsonNode joinReply() {
        return joinReply;
    }

    /**
     * DELETE of this participant (of its WHIP session when it joined by WHIP); returns the reply. Later
     * {@link #close()} does not delete again.
     */
    public ApiClient.Reply leave() {
        left = true;
        return api.delete(whipResource != null ? whipResource
                : "/v1/conferences/" + conferenceId + "/participants/" + participantId);
    }

    /** Stops the media socket (so what it received is final) without leaving the conference. */
    public void stopMedia() {
        MediaTransport media = transport;
        if (media != null) {
            media.close();
        }
    }

    /** Leaves (unless {@link #leave()} did; a node already gone is no error) and closes the sockets. */
    @Override
    public void close() {
        try {
            if (participantId != null && !left) {
                left = true;
                api.delete(whipResource != null ? whipResource
                        : "/v1/conferences/" + conferenceId + "/participants/" + participantId);
            }
        } catch (UncheckedIOException e) {
            // The node may already be gone; closing must still release everything below.
        } finally {
            if (events != null) {
                events.close();
            }
            stopMedia();
        }
    }
}
