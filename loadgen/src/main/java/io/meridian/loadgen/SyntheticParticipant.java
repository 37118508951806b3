package io.meridian.loadgen;

import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;
import io.meridian.server.ice.StunClient;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One scripted WebRTC participant doing on the wire what a browser does: joins over HTTP with a Chromium-like
 * offer, keeps the events socket open and answers the node's offers, passes an ICE check, runs the DTLS client
 * handshake, then (when it publishes) sends stamped audio and video through SRTP on {@link #tick} and checks
 * everything forwarded to it. Close it: it owns a socket, a reader thread and a WebSocket.
 */
final class SyntheticParticipant implements BenchParticipant {

    private final String conferenceId;
    private final boolean publishes;
    private final ParticipantIdentity identity;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final ReceiveStats stats;
    /** Null when this participant only receives. */
    private final OutgoingMedia outgoing;
    private final SignallingClient api;
    private String participantId;
    private EventsSocket events;
    private volatile MediaTransport transport;
    private long joinStartNanos;
    /** When the answer arrived, the ICE check passed, DTLS completed, the events socket opened (System.nanoTime). */
    private final long[] phases = new long[4];
    private boolean closed;

    SyntheticParticipant(SignallingClient api, String conferenceId, String label, boolean publishes,
                         int firstStreamId, MeasurementWindow window) {
        this.api = api;
        this.conferenceId = conferenceId;
        this.publishes = publishes;
        this.identity = ParticipantIdentity.random(label);
        this.stats = new ReceiveStats(window);
        this.outgoing = publishes ? new OutgoingMedia(firstStreamId, identity) : null;
    }

    /** Joins, opens the events socket, passes the ICE check and completes DTLS offering {@code profiles}. */
    @Override
    public void join(List<SrtpProfile> profiles, Executor handshakeThreads) throws IOException {
        joinStartNanos = System.nanoTime();
        String fingerprint = certificate.fingerprintSha256();
        SignallingClient.Reply reply = api.join(conferenceId, ParticipantSdp.joinOffer(identity, fingerprint,
                publishes));
        if (reply.status() != 201 || reply.json() == null) {
            throw new IOException("join of " + identity.streamId() + " refused: " + reply.status() + " "
                    + reply.body());
        }
        phases[0] = System.nanoTime();
        participantId = reply.json().path("participantId").asText();
        String answerSdp = reply.json().path("sdp").asText();
        events = new EventsSocket(offer -> ParticipantSdp.answer(offer, identity, fingerprint));
        // As a browser does: the events socket opens while ICE and DTLS run, not before them.
        CompletableFuture<?> eventsOpen = events.open(URI.create(reply.json().path("events").asText()))
                .thenRun(() -> phases[3] = System.nanoTime());
        connect(answerSdp, profiles, handshakeThreads);
        try {
            eventsOpen.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("events socket of " + identity.streamId() + " did not open: " + e, e);
        }
    }

    @Override
    public long[] joinPhaseNanos() {
        long first = stats.firstAudioNanos();
        return new long[] {phases[0] - joinStartNanos, phases[1] - phases[0], phases[2] - phases[1],
            phases[3] - phases[0], first == 0 ? -1 : first - phases[2]};
    }

    private void connect(String answerSdp, List<SrtpProfile> profiles, Executor handshakeThreads)
            throws IOException {
        MediaDescription tag;
        try {
            tag = SessionDescription.parse(answerSdp).media().get(0);
        } catch (SdpException e) {
            throw new IOException("the join answer is not SDP: " + e.getMessage(), e);
        }
        String ufrag = tag.attribute("ice-ufrag").orElseThrow(() -> new IOException("answer without ice-ufrag"));
        String pwd = tag.attribute("ice-pwd").orElseThrow(() -> new IOException("answer without ice-pwd"));
        String fingerprint = tag.attribute("fingerprint").orElseThrow(
                () -> new IOException("answer without fingerprint")).trim();
        if (!fingerprint.startsWith("sha-256 ")) {
            throw new IOException("the answer's fingerprint is not sha-256: " + fingerprint);
        }
        transport = new MediaTransport(hostCandidate(tag), stats);
        transport.check(new StunClient(ufrag, pwd, identity.ufrag()));
        phases[1] = System.nanoTime();
        transport.handshake(certificate, fingerprint.substring("sha-256 ".length()), profiles, handshakeThreads);
        phases[2] = System.nanoTime();
        if (outgoing != null) {
            outgoing.keyframeNow();
        }
    }

    private static InetSocketAddress hostCandidate(MediaDescription tag) throws IOException {
        for (String value : tag.attributeValues("candidate")) {
            // RFC 8839 §5.1: foundation component transport priority address port "typ" type
            String[] f = value.trim().split(" +");
            if (f.length >= 8 && f[2].equalsIgnoreCase("udp") && f[7].equals("host")) {
                return new InetSocketAddress(f[4], Integer.parseInt(f[5]));
            }
        }
        throw new IOException("the answer has no UDP host candidate");
    }

    /** A consent-freshness check (any thread). */
    @Override
    public void refreshConsent() {
        MediaTransport t = transport;
        if (t != null) {
            t.sendConsentCheck();
        }
    }

    /** Sends the audio and video due this tick (pacer thread only). */
    @Override
    public void tick(MediaProfile media, long nowNanos) {
        if (!publishes || transport == null) {
            return;
        }
        outgoing.tick(transport, media, nowNanos);
    }

    @Override
    public boolean publishes() {
        return publishes;
    }

    /** The streams this participant publishes (audio, video); empty when it only receives. */
    @Override
    public List<PublishedStream> published() {
        return outgoing == null ? List.of() : outgoing.streams();
    }

    @Override
    public ReceiveStats stats() {
        return stats;
    }

    /** Join time: from sending the offer to the first forwarded audio, in nanoseconds; -1 if none arrived. */
    @Override
    public long joinNanos() {
        long first = stats.firstAudioNanos();
        return first == 0 ? -1 : first - joinStartNanos;
    }

    @Override
    public long undecryptable() {
        return transport == null ? 0 : transport.undecryptable();
    }

    @Override
    public long sendFailures() {
        return outgoing == null ? 0 : outgoing.sendFailures();
    }

    @Override
    public List<String> signallingProblems() {
        return events == null ? List.of() : events.problems();
    }

    /** Stops the media socket (so its statistics are final) without leaving the conference. */
    @Override
    public void stopMedia() {
        if (transport != null) {
            transport.close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (participantId != null && api != null) {
                api.delete("/v1/conferences/" + conferenceId + "/participants/" + participantId);
            }
        } catch (IOException e) {
            // The node may already be gone; closing must still release everything below.
        } finally {
            if (events != null) {
                events.close();
            }
            stopMedia();
        }
    }
}
