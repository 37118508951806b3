package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import io.meridian.client.MediaTransport;
import io.meridian.client.PeerIdentity;
import io.meridian.client.ScriptedPeer;
import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One synthetic participant of a Meridian node: the shared {@link ScriptedPeer} (joins over HTTP with a
 * Chromium-like offer, answers the node's offers on the events socket, passes an ICE check, runs the DTLS client
 * handshake), which then (when it publishes) sends stamped audio and video through SRTP on {@link #tick} and
 * checks everything forwarded to it. In a simulcast run its video is three layers and it asks each simulcast track it
 * receives for a layer ({@link LayerWishes}). Close it: it owns a socket and a WebSocket.
 */
final class SyntheticParticipant implements BenchParticipant {

    private final boolean publishes;
    private final ReceiveStats stats;
    /** Null when this participant only receives. */
    private final OutgoingMedia outgoing;
    private final ScriptedPeer peer;
    /** Null unless the run is simulcast: what this participant asks of each simulcast track. */
    private final LayerWishes wishes;
    /** Set once DTLS has completed: the pacer sends nothing before. */
    private volatile MediaTransport transport;
    private boolean closed;

    SyntheticParticipant(ApiClient api, String conferenceId, String label, boolean publishes,
                         int firstStreamId, MeasurementWindow window) {
        this(api, conferenceId, label, publishes, firstStreamId, window, null, false, 0);
    }

    /**
     * @param simulcastTracks the run's simulcast tracks ({@code a=msid} track id to stamp id), which this participant
     *                        joins when it publishes and asks layers of; null when the run is not simulcast
     * @param tcp             media over ICE-TCP to the node's passive candidate instead of UDP
     * @param linkLoss        share (0 to 1) of what the node sends that this participant's link loses, NACKing
     *                        lost video
     */
    SyntheticParticipant(ApiClient api, String conferenceId, String label, boolean publishes,
                         int firstStreamId, MeasurementWindow window, Map<String, Integer> simulcastTracks,
                         boolean tcp, double linkLoss) {
        this.publishes = publishes;
        PeerIdentity identity = PeerIdentity.random(label);
        this.stats = new ReceiveStats(window);
        boolean simulcast = simulcastTracks != null;
        this.outgoing = publishes ? new OutgoingMedia(firstStreamId, identity, true, simulcast) : null;
        // The events socket keeps nothing: a thousand participants each hear of every other one.
        this.peer = new ScriptedPeer(api, conferenceId, identity, stats, false);
        if (tcp) {
            peer.overTcp();
        }
        if (linkLoss > 0) {
            peer.losingOnLink(linkLoss);
        }
        this.wishes = simulcast ? new LayerWishes(simulcastTracks, firstStreamId) : null;
        if (simulcast) {
            peer.onOfferAnswered(wishes);
            if (outgoing != null) {
                peer.simulcast(SimulcastProfile.RIDS);
                simulcastTracks.put(identity.videoTrackId(), outgoing.streams().get(1).trackId());
            }
        }
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

    @Override
    public int wishedLayer(int trackStreamId) {
        return wishes == null ? -1 : wishes.wishedLayer(trackStreamId);
    }

    @Override
    public int tracksOnWishedLayer() {
        return wishes == null ? 0 : wishes.onWishedLayer(stats);
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
        List<String> problems = peer.events() == null ? List.of() : peer.events().problems();
        if (wishes != null && wishes.problem() != null) {
            problems = new java.util.ArrayList<>(problems);
            problems.add(wishes.problem());
        }
        return problems;
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
