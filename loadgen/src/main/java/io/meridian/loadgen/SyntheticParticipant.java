package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import io.meridian.client.MediaTransport;
import io.meridian.client.PeerIdentity;
import io.meridian.client.ScriptedPeer;
import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One synthetic participant of a Meridian node: the shared {@link ScriptedPeer} (joins over HTTP with a
 * Chromium-like offer, answers the node's offers on the events socket, passes an ICE check, runs the DTLS client
 * handshake), which then (when it publishes) sends stamped audio and video through SRTP on {@link #tick} and
 * checks everything forwarded to it. Close it: it owns a socket and a WebSocket.
 */
final class SyntheticParticipant implements BenchParticipant {

    private final boolean publishes;
    private final ReceiveStats stats;
    /** Null when this participant only receives. */
    private final OutgoingMedia outgoing;
    private final ScriptedPeer peer;
    /** Set once DTLS has completed: the pacer sends nothing before. */
    private volatile MediaTransport transport;
    private boolean closed;

    SyntheticParticipant(ApiClient api, String conferenceId, String label, boolean publishes,
                         int firstStreamId, MeasurementWindow window) {
        this.publishes = publishes;
        PeerIdentity identity = PeerIdentity.random(label);
        this.stats = new ReceiveStats(window);
        this.outgoing = publishes ? new OutgoingMedia(firstStreamId, identity, true) : null;
        // The events socket keeps nothing: a thousand participants each hear of every other one.
        this.peer = new ScriptedPeer(api, conferenceId, identity, stats, false);
    }

    /** Joins, opens the events socket, passes the ICE check and completes DTLS offering {@code profiles}. */
    @Override
    public void join(List<SrtpProfile> profiles, Executor handshakeThreads) throws IOException {
        peer.join(publishes, profiles, handshakeThreads);
        transport = peer.transport();
        if (outgoing != null) {
            outgoing.keyframeNow();
        }
    }

    @Override
    public long[] joinPhaseNanos() {
        ScriptedPeer.Timeline t = peer.timeline();
        long first = stats.firstAudioNanos();
        return new long[] {t.answered() - t.offerSent(), t.iceChecked() - t.answered(),
            t.dtlsDone() - t.iceChecked(), t.eventsOpen() - t.answered(), first == 0 ? -1 : first - t.dtlsDone()};
    }

    /** A consent-freshness check (any thread). */
    @Override
    public void refreshConsent() {
        MediaTransport t = peer.transport();
        if (t != null) {
            t.sendConsentCheck();
        }
    }

    /** Sends the audio and video due this tick (pacer thread only). */
    @Override
    public void tick(MediaProfile media, long nowNanos) {
        MediaTransport t = transport;
        if (!publishes || t == null) {
            return;
        }
        outgoing.tick(t, media, nowNanos);
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
        return first == 0 ? -1 : first - peer.timeline().offerSent();
    }

    @Override
    public long undecryptable() {
        MediaTransport t = peer.transport();
        return t == null ? 0 : t.undecryptable();
    }

    @Override
    public long sendFailures() {
        return outgoing == null ? 0 : outgoing.sendFailures();
    }

    @Override
    public List<String> signallingProblems() {
        return peer.events() == null ? List.of() : peer.events().problems();
    }

    /** Stops the media socket (so its statistics are final) without leaving the conference. */
    @Override
    public void stopMedia() {
        peer.stopMedia();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        peer.close();
    }
}
