package io.meridian.server.session;

/**
 * What the conference manager reports to metrics and logs about joins and failures. Called off the packet path
 * (API threads, DTLS threads, the once-a-tick loop scan).
 */
public interface NodeEvents {
    /** Join stages, measured from the moment the offer arrived. */
    enum JoinStage { ANSWERED, ICE_CONNECTED, DTLS_CONNECTED, FIRST_RTP_FORWARDED }

    NodeEvents NONE = new NodeEvents() {
    };

    default void joinStage(JoinStage stage, double seconds) {
    }

    default void dtlsFailed(String reason) {
    }

    default void participantRemoved(String reason) {
    }

    /** A receiver's path was estimated at {@code bps} (each update, about 20 a second per receiver). */
    default void bandwidthEstimated(long bps) {
    }
}
