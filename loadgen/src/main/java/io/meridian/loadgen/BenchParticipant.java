package io.meridian.loadgen;

import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One synthetic participant as the bench drives it, whatever the server under test: it joins (signalling, ICE,
 * DTLS), publishes stamped media on {@link #tick} and checks what is forwarded to it. Close it: it owns sockets and
 * threads.
 */
interface BenchParticipant extends AutoCloseable {
    /** Joins and connects media, offering {@code profiles}; blocks until DTLS has completed or throws. */
    void join(List<SrtpProfile> profiles, Executor handshakeThreads) throws IOException;

    /** Sends the audio and video due this tick (pacer thread only); nothing when it does not publish. */
    void tick(MediaProfile media, long nowNanos);

    /** An ICE consent-freshness check (any thread). */
    void refreshConsent();

    boolean publishes();

    /** The streams this participant publishes (audio, video or its simulcast layers); empty when it only receives. */
    List<PublishedStream> published();

    ReceiveStats stats();

    /** The simulcast layer this participant asked for of the track with this stamp id, or -1 when it asked none. */
    default int wishedLayer(int trackStreamId) {
        return -1;
    }

    /** How many simulcast tracks it currently gets on the layer it asked for (any thread). */
    default int tracksOnWishedLayer() {
        return 0;
    }

    /** From sending the offer to the first forwarded audio, in nanoseconds; -1 if none arrived. */
    long joinNanos();

    /**
     * Where the join time went, in nanoseconds: {@link JoinPhases#NAMES} in order, -1 for a phase that did not
     * happen; null when this kind of participant does not track them.
     */
    default long[] joinPhaseNanos() {
        return null;
    }

    long undecryptable();

    long sendFailures();

    List<String> signallingProblems();

    /** Stops the media socket (so its statistics are final) without leaving. */
    void stopMedia();

    @Override
    void close();
}
