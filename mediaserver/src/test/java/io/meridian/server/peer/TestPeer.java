package io.meridian.server.peer;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.client.ApiClient;
import io.meridian.client.EventsSocket;
import io.meridian.client.MediaTransport;
import io.meridian.client.PeerIdentity;
import io.meridian.client.ScriptedPeer;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A scripted WebRTC participant for whole-node tests: the shared {@link ScriptedPeer} (joins over HTTP with a
 * Chromium-like offer, passes an ICE check, runs DTLS-SRTP as the client, answers the node's renegotiation offers
 * on the events socket), recording everything it receives, with the assertions and waits the tests use. A failure
 * to join or to reach the node is an {@link AssertionError}.
 *
 * <p>Close it in a finally block or an {@code @AfterEach}: it owns a UDP socket and a WebSocket.
 */
public final class TestPeer implements AutoCloseable {
    private final ScriptedPeer peer;
    private final ReceivedMedia received = new ReceivedMedia();

    private TestPeer(ApiClient api, String conferenceId, PeerIdentity identity) {
        this.peer = new ScriptedPeer(api, conferenceId, identity, received, true);
    }

    /** Joins with both SRTP profiles offered, GCM first, as Chromium does. */
    public static TestPeer join(ApiClient api, String conferenceId, String label) {
        return join(api, conferenceId, label, ScriptedPeer.CHROMIUM_PROFILES);
    }

    /**
     * Joins, opens the events socket, nominates the node's candidate with a checked Binding request and completes
     * DTLS offering {@code profiles}. On failure everything opened so far is closed.
     */
    public static TestPeer join(ApiClient api, String conferenceId, String label, List<SrtpProfile> profiles) {
        return join(new TestPeer(api, conferenceId, PeerIdentity.random(label)), profiles);
    }

    /** As {@link #join(ApiClient, String, String)}, with media over ICE-TCP to the node's passive candidate. */
    public static TestPeer joinOverTcp(ApiClient api, String conferenceId, String label) {
        TestPeer test = new TestPeer(api, conferenceId, PeerIdentity.random(label));
        test.peer.overTcp();
        return join(test, ScriptedPeer.CHROMIUM_PROFILES);
    }

    /** Publishes by WHIP (RFC 9725) as an encoder does: no events socket, so it is offered nothing to receive. */
    public static TestPeer joinViaWhip(ApiClient api, String conferenceId, String label) {
        TestPeer test = new TestPeer(api, conferenceId, PeerIdentity.random(label));
        test.peer.viaWhip();
        return join(test, ScriptedPeer.CHROMIUM_PROFILES);
    }

    /** A WHIP ICE restart (RFC 9725 §4.3.2) and a new nominating check; returns the new ETag. */
    public String restartIceViaWhip() {
        try {
            return peer.restartIceViaWhip().header("ETag");
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The WHIP session's resource (its Location), for a peer that joined by WHIP. */
    public String whipResource() {
        return peer.whipResource();
    }

    /**
     * As {@link #join(ApiClient, String, String)}, but its SDP claims another certificate's {@code fingerprint}: the
     * node refuses its DTLS handshake, so this throws the AssertionError of a failed join.
     */
    public static TestPeer joinClaimingFingerprint(ApiClient api, String conferenceId, String label,
                                                   String fingerprint) {
        TestPeer test = new TestPeer(api, conferenceId, PeerIdentity.random(label));
        test.peer.claimingFingerprint(fingerprint);
        return join(test, ScriptedPeer.CHROMIUM_PROFILES);
    }

    private static TestPeer join(TestPeer test, List<SrtpProfile> profiles) {
        try {
            test.peer.join(profiles);
            test.assertMapped(test.peer.mappedAddress());
            return test;
        } catch (IOException e) {
            test.close();
            throw new AssertionError(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            test.close();
            throw e;
        }
    }

    private void assertMapped(InetSocketAddress mapped) {
        if (!mapped.equals(mediaAddress())) {
            throw new AssertionError("XOR-MAPPED-ADDRESS " + mapped + " is not this peer's address "
                    + mediaAddress());
        }
    }

    private MediaTransport link() {
        return peer.transport();
    }

    public String participantId() {
        return peer.participantId();
    }

    public String conferenceId() {
        return peer.conferenceId();
    }

    public PeerIdentity identity() {
        return peer.identity();
    }

    public String answerSdp() {
        return peer.answerSdp();
    }

    /** The SRTP profile the DTLS handshake negotiated. */
    public SrtpProfile srtpProfile() {
        return peer.srtpProfile();
    }

    public ReceivedMedia received() {
        return received;
    }

    /** Inbound SRTP/SRTCP this peer could not decrypt. */
    public long undecryptable() {
        return link().undecryptable();
    }

    public InetSocketAddress mediaAddress() {
        return link().localAddress();
    }

    /** Stops ({@code false}) or resumes reading what the node sends, as a stalled client would. */
    public void reading(boolean on) {
        link().reading(on);
    }

    /** A valid connectivity check of this peer, unsent (for truncation and replay tests). */
    public byte[] bindingRequest(boolean useCandidate) {
        return link().bindingRequest(useCandidate);
    }

    /**
     * A consent check (RFC 7675) from this peer's address; returns once the node has answered it. The node handles
     * one address's datagrams in order, so this also means everything this peer sent before has been handled.
     */
    public void consentCheck() {
        InetSocketAddress mapped;
        try {
            mapped = link().checkConsent();
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        assertMapped(mapped);
    }

    // ---- signalling ----

    /** Every events-socket message received, in order. */
    public List<JsonNode> messages() {
        return peer.events().received();
    }

    /** Server offers this peer has answered (its answer was sent). */
    public List<String> answeredOffers() {
        return peer.events().answered().stream().map(EventsSocket.ServerOffer::sdp).toList();
    }

    /** Errors from the node and local failures to answer; empty in a healthy call. */
    public List<String> signallingProblems() {
        return peer.events().problems();
    }

    public boolean eventsClosedByServer() {
        return peer.events().isClosedByServer();
    }

    /** Waits until this peer has answered a server offer that announces every SSRC of {@code other}. */
    public void awaitAnsweredOfferWith(TestPeer other) {
        Poll.until(identity().streamId() + " answered a server offer with " + other.identity().streamId()
                + "'s tracks", () -> {
                    for (String sdp : answeredOffers()) {
                        if (other.identity().ssrcs().stream().allMatch(s -> sdp.contains("a=ssrc:" + s + " "))) {
                            return null;
                        }
                    }
                    return "answered " + answeredOffers().size() + " offers; problems " + signallingProblems();
                });
    }

    /** Waits for an events message of {@code type} naming {@code participantId}. */
    public JsonNode awaitMessage(String type, String aboutParticipant) {
        Poll.until(identity().streamId() + " received " + type + " for " + aboutParticipant, () ->
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
            peer.events().send(text).get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not send " + text + " on the events socket: " + e, e);
        }
    }

    /** DELETE of this participant; returns the status. Later {@link #close()} does not delete again. */
    public int leave() {
        return peer.leave().status();
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

    /**
     * Sends one 20 ms audio packet (Opus, 111) whose RFC 6464 element, under id 1 as this peer's offer negotiated it,
     * says {@code level} (0 loudest .. 127 silence).
     */
    public void sendAudioLevel(int sequence, int level) {
        byte[] payload = new byte[40];
        byte[] b = new byte[RtpPacket.FIXED_HEADER + 4 + 4 + payload.length];
        b[0] = (byte) 0x90;
        b[1] = 111;
        Bytes.put16(b, 2, sequence & 0xFFFF);
        Bytes.put32(b, 4, sequence * 960);
        Bytes.put32(b, 8, (int) identity().audioSsrc());
        Bytes.put16(b, 12, 0xBEDE);
        Bytes.put16(b, 14, 1);
        b[16] = 0x10; // id 1, one byte of data
        b[17] = (byte) (0x80 | level); // V (voice) and the level
        link().sendRaw(link().protectRtp(b));
    }

    /** An SRTP packet of this peer, encrypted and not sent (for replays and tampering). */
    public byte[] protectRtp(long ssrc, int sequence, int payloadType, String payload) {
        return link().protectRtp(rtp(ssrc, sequence, payloadType, sequence * 960L,
                payload.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** An SRTCP compound of this peer, encrypted and not sent. */
    public byte[] protectRtcp(byte[] plainRtcp) {
        return link().protectRtcp(plainRtcp);
    }

    /** Encrypts and sends one RTP packet; returns the SRTP bytes that went out. */
    public byte[] sendRtp(long ssrc, int sequence, int payloadType, String payload) {
        byte[] srtp = protectRtp(ssrc, sequence, payloadType, payload);
        link().sendRaw(srtp);
        return srtp;
    }

    /** Sends bytes as they are from this peer's checked address. */
    public void sendRaw(byte[] datagram) {
        link().sendRaw(datagram);
    }

    /** Sends bytes from a second socket that never passed an ICE check; returns that socket's address. */
    public InetSocketAddress sendUnchecked(byte[] datagram) {
        try {
            return link().sendUnchecked(datagram);
        } catch (IOException e) {
            throw new AssertionError("unchecked send failed: " + e, e);
        }
    }

    /**
     * Sends RTP on {@code ssrc} with increasing sequence numbers from {@code firstSequence} until {@code receiver}
     * has one of them: the node starts forwarding only once the receiver's answer has been applied. Returns the
     * sequence number that arrived first.
     */
    public int sendUntilReceived(TestPeer receiver, long ssrc, int firstSequence, int payloadType, String payload) {
        int[] next = {firstSequence};
        Poll.until(receiver.identity().streamId() + " receives RTP of SSRC " + ssrc + " from "
                + identity().streamId(), () -> {
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
        peer.close();
    }

    /** The node's answer to this peer's join (its JSON body). */
    public com.fasterxml.jackson.databind.JsonNode joinReply() {
        return peer.joinReply();
    }
}
