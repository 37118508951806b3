package io.meridian.server.session;

import io.meridian.router.Leg;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Periodic work on the media loop: the router's timers (key-frame retries, receiver reports), the join stages
 * that are observed on the loop, and ICE consent freshness (RFC 7675 §5.1: without a check for the timeout, the
 * participant is gone).
 */
final class SessionTimers implements Runnable {
    static final long TICK_MILLIS = 100;
    private static final int TICKS_PER_CONSENT_CHECK = 10;

    private final Collection<ConferenceSession> conferences;
    private final Collection<ParticipantSession> participants;
    private final NodeEvents events;
    private final long consentTimeoutNanos;
    private final Consumer<ParticipantSession> onConsentExpired;
    private long ticks;

    SessionTimers(Collection<ConferenceSession> conferences, Collection<ParticipantSession> participants,
                  NodeEvents events, long consentTimeoutNanos, Consumer<ParticipantSession> onConsentExpired) {
        this.conferences = conferences;
        this.participants = participants;
        this.events = events;
        this.consentTimeoutNanos = consentTimeoutNanos;
        this.onConsentExpired = onConsentExpired;
    }

    @Override
    public void run() {
        for (ConferenceSession conference : conferences) {
            conference.media.tick();
        }
        for (ParticipantSession p : participants) {
            reportJoinStages(p);
        }
        if (++ticks % TICKS_PER_CONSENT_CHECK != 0) {
            return;
        }
        long now = System.nanoTime();
        for (ParticipantSession p : participants) {
            if (now - p.lastCheckNanos > consentTimeoutNanos) {
                onConsentExpired.accept(p);
            }
        }
    }

    /** Reports the ICE and first-forward stages once each (DTLS reports itself when it completes). */
    private void reportJoinStages(ParticipantSession p) {
        if (p.iceConnectedNanos != 0 && !p.iceReported) {
            p.iceReported = true;
            events.joinStage(NodeEvents.JoinStage.ICE_CONNECTED, (p.iceConnectedNanos - p.joinedNanos()) / 1e9);
        }
        Leg leg = p.leg;
        if (leg != null && leg.firstForwardNanos() != 0 && !p.firstForwardReported) {
            p.firstForwardReported = true;
            events.joinStage(NodeEvents.JoinStage.FIRST_RTP_FORWARDED,
                    (leg.firstForwardNanos() - p.joinedNanos()) / 1e9);
        }
    }
}
