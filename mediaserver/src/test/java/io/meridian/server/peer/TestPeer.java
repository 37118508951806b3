package io.meridian.server.peer;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;
import io.meridian.server.ice.StunClient;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.SrtpProfile;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scripted WebRTC participant for whole-node tests: joins over HTTP with a Chromium-like offer, passes an ICE
 * check, runs DTLS-SRTP as the client, answers the node's renegotiation offers on the events socket, sends and
 * receives real SRTP, and leaves. Built only from the project's own engines (sdp, StunClient, srtp-engine).
 *
 * <p>Close it in a finally block or an {@code @AfterEach}: it owns a UDP socket, threads and a WebSocket.
 */
public final class TestPeer implements AutoCloseable {
    private final ApiClient api;
    private final String conferenceId;
    private final PeerIdentity identity;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private String participantId;
    private String answerSdp;
    private MediaLink link;
    private EventsChannel events;
    private SrtpProfile profile;
    private boolean left;
    private StunClient stun;

    private TestPeer(ApiClient api, String conferenceId, PeerIdentity identity) {
        this.api = api;
        this.conferenceId = conferenceId;
        this.identity = identity;
    }

    /** Joins with both SRTP profiles offered, GCM first, as Chromium does. */
    public static TestPeer join(ApiClient api, String conferenceId, String label) {
        return join(api, conferenceId, label, List.of(SrtpProfile.AEAD_AES_128_GCM,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80));
    }

    /**
     * Joins, opens the events socket, nominates the node's candidate with a checked Binding request and completes
     * DTLS offering {@code profiles}. On failure everything opened so far is closed.
     */
    public static TestPeer join(ApiClient api, String conferenceId, String label, List<SrtpProfile> profiles) {
        TestPeer peer = new TestPeer(api, conferenceId, PeerIdentity.random(label));
        try {
            peer.signal();
            peer.connect(profiles);
            return peer;
        } catch (RuntimeException | Error e) {
            peer.close();
            throw e;
        }
    }

    private void signal() {
        ApiClient.Reply reply = api.join(conferenceId, PeerSdp.joinOffer(identity, certificate.fingerprintSha256()));
        if (reply.status() != 201 || reply.json() == null) {
            throw new AssertionError("join of " + identity.streamId() + " refused: " + reply.status() + " "
                    + reply.body());
        }
        participantId = reply.json().path("participantId").asText();
        answerSdp = reply.json().path("sdp").asText();
        events = new EventsChannel(offer -> PeerSdp.answer(offer, identity, certificate.fingerprintSha256()));
        URI eventsUri = URI.create(reply.json().path("events").asText());
        try {
            api.openWebSocket(eventsUri, events).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("events socket " + eventsUri + " did not open: " + e, e);
        }
    }

    private void connect(List<SrtpProfile> profiles) {
        SessionDescription answer;
        try {
            answer = SessionDescription.parse(answerSdp);
        } catch (SdpException e) {
            throw new AssertionError("the join answer is not SDP: " + e.getMessage() + "\n" + answerSdp, e);
        }
        MediaDescription tag = answer.media().get(0);
        String ufrag = tag.attribute("ice-ufrag").orElseThrow(() -> new AssertionError("no ice-ufrag:\n" + answerSdp));
        String pwd = tag.attribute("ice-pwd").orElseThrow(() -> new AssertionError("no ice-pwd:\n" + answerSdp));
        String fingerprint = tag.attribute("fingerprint").orElseThrow(
                () -> new AssertionError("no fingerprint:\n" + answerSdp)).trim();
        if (!fingerprint.startsWith("sha-256 ")) {
            throw new AssertionError("the answer's fingerprint is not sha-256: " + fingerprint);
        }
        InetSocketAddress candidate = hostCandidate(tag);
        try {
            link = new MediaLink(candidate, certificate);
        } catch (SocketException e) {
            throw new AssertionError("cannot open a UDP socket on loopback: " + e, e);
        }
        stun = new StunClient(ufrag, pwd, identity.ufrag());
        InetSocketAddress mapped = link.check(stun, true);
        if (!mapped.equals(link.localAddress())) {
            throw new AssertionError("XOR-MAPPED-ADDRESS " + mapped + " is not this peer's address "
                    + link.localAddress());
        }
        profile = link.handshake(fingerprint.substring("sha-256 ".length()), profiles);
    }

    private InetSocketAddress hostCandidate(MediaDescription tag) {
        for (String value : tag.attributeValues("candidate")) {
            // RFC 8839 §5.1: foundation component transport priority address port "typ" type
            String[] f = value.trim().split(" +");
            if (f.length >= 8 && f[2].equalsIgnoreCase("udp") && f[7].equals("host")) {
                return new InetSocketAddress(f[4], Integer.parseInt(f[5]));
            }
        }
        throw new AssertionError("the answer has no UDP host candidate:\n" + answerSdp);
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

    public String answerSdp() {
        return answerSdp;
    }

    /** The SRTP profile the DTLS handshake negotiated. */
    public SrtpProfile srtpProfile() {
        return profile;
    }

    public ReceivedMedia received() {
        return link.received();
    }

    /** Inbound SRTP/SRTCP this peer could not decrypt. */
    public long undecryptable() {
        return link.undecryptable();
    }

    public InetSocketAddress mediaAddress() {
        return link.localAddress();
    }

    /** A valid connectivity check of this peer, unsent (for truncation and replay tests). */
    public byte[] bindingRequest(boolean useCandidate) {
        return stun.bindingRequest(0x6E7F1EFFL, useCandidate).bytes();
    }

    /**
     * A consent check (RFC 7675) from this peer's address; returns once the node has answered it. The node handles
     * one address's datagrams in order, so this also means everything this peer sent before has been handled.
     */
    public void consentCheck() {
        InetSocketAddress mapped = link.check(stun, false);
        if (!mapped.equals(link.localAddress())) {
            throw new AssertionError("XOR-MAPPED-ADDRESS " + mapped + " is not " + link.localAddress());
        }
    }

    // ---- signalling ----

    /** Every events-socket message received, in order. */
    public List<JsonNode> messages() {
        return events.received();
    }

    /** Server offers this peer has answered (its answer was sent). */
    public List<String> answeredOffers() {
        return events.answered().stream().map(EventsChannel.ServerOffer::sdp).toList();
    }

    /** Errors from the node and local failures to answer; empty in a healthy call. */
    public List<String> signallingProblems() {
        return events.problems();
    }

    public boolean eventsClosedByServer() {
        return events.isClosedByServer();
    }

    /** Waits until this peer has answered a server offer that announces every SSRC of {@code other}. */
    public void awaitAnsweredOfferWith(TestPeer other) {
        Poll.until(identity.streamId() + " answered a server offer with " + other.identity.streamId() + "'s tracks",
                () -> {
                    for (String sdp : answeredOffers()) {
                        if (other.identity.ssrcs().stream().allMatch(s -> sdp.contains("a=ssrc:" + s + " "))) {
                            return null;
                        }
                    }
                    return "answered " + answeredOffers().size() + " offers; problems " + signallingProblems();
                });
    }

    /** Waits for an events message of {@code type} naming {@code participantId}. */
    public JsonNode awaitMessage(String type, String aboutParticipant) {
        Poll.until(identity.streamId() + " received " + type + " for " + aboutParticipant, () ->
                find(type, aboutParticipant) != null ? null : "messages so far: " + messages());
        return find(type, aboutParticipant);
    }

    private JsonNode find(String type, String aboutParticipant) {
        return messages().stream().filter(m -> m.path("type").asText().equals(type)
                && m.path("participantId").asText().equals(aboutParticipant)).findFirst().orElse(null);
    }

    /** Sends {@code text} as one events-socket text frame, as any client could, and waits until it is sent. */
    public void sendSignal(String text) {
        try {
            events.send(text).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not send " + text + " on the events socket: " + e, e);
        }
    }

    /** DELETE of this participant; returns the status. Later {@link #close()} does not delete again. */
    public int leave() {
        left = true;
        return api.delete("/v1/conferences/" + conferenceId + "/participants/" + participantId).status();
    }

    // ---- media ----

    /** Builds a plain RTP packet: version 2, no extension, {@code payload} after the fixed header. */
    public static byte[] rtp(long ssrc, int sequence, int payloadType, long timestamp, byte[] payload) {
        byte[] b = new byte[RtpPacket.FIXED_HEADER + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) (payloadType & 0x7F);
        Bytes.put16(b, 2, sequence & 0xFFFF);
        Bytes.put32(b, 4, (int) timestamp);
        Bytes.put32(b, 8, (int) ssrc);
        System.arraycopy(payload, 0, b, RtpPacket.FIXED_HEADER, payload.length);
        return b;
    }

    /** An SRTP packet of this peer, encrypted and not sent (for replays and tampering). */
    public byte[] protectRtp(long ssrc, int sequence, int payloadType, String payload) {
        return link.protectRtp(rtp(ssrc, sequence, payloadType, sequence * 960L,
                payload.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** An SRTCP compound of this peer, encrypted and not sent. */
    public byte[] protectRtcp(byte[] plainRtcp) {
        return link.protectRtcp(plainRtcp);
    }

    /** Encrypts and sends one RTP packet; returns the SRTP bytes that went out. */
    public byte[] sendRtp(long ssrc, int sequence, int payloadType, String payload) {
        byte[] srtp = protectRtp(ssrc, sequence, payloadType, payload);
        link.sendRaw(srtp);
        return srtp;
    }

    /** Sends bytes as they are from this peer's checked address. */
    public void sendRaw(byte[] datagram) {
        link.sendRaw(datagram);
    }

    /** Sends bytes from a second socket that never passed an ICE check; returns that socket's address. */
    public InetSocketAddress sendUnchecked(byte[] datagram) {
        return link.sendUnchecked(datagram);
    }

    /**
     * Sends RTP on {@code ssrc} with increasing sequence numbers from {@code firstSequence} until {@code receiver}
     * has one of them: the node starts forwarding only once the receiver's answer has been applied. Returns the
     * sequence number that arrived first.
     */
    public int sendUntilReceived(TestPeer receiver, long ssrc, int firstSequence, int payloadType, String payload) {
        int[] next = {firstSequence};
        Poll.until(receiver.identity.streamId() + " receives RTP of SSRC " + ssrc + " from " + identity.streamId(),
                () -> {
                    sendRtp(ssrc, next[0]++ & 0xFFFF, payloadType, payload);
                    return receiver.received().rtp(ssrc).isEmpty()
                            ? "received SSRCs " + receiver.received().ssrcs() + ", undecryptable "
                                    + receiver.undecryptable() + ", problems " + receiver.signallingProblems()
                            : null;
                });
        return receiver.received().rtp(ssrc).get(0).sequence();
    }

    @Override
    public void close() {
        try {
            if (participantId != null && !left) {
                left = true;
                api.delete("/v1/conferences/" + conferenceId + "/participants/" + participantId);
            }
        } catch (AssertionError e) {
            // The node may already be gone; closing must still release everything below.
        } finally {
            if (events != null) {
                events.close();
            }
            if (link != null) {
                link.close();
            }
        }
    }
}
