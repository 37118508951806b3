package io.meridian.server.session;

import io.meridian.server.transport.MediaLoop;

import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Periodic work on one media loop, for the conferences that live there: the router's periodic stages (key-frame
 * retries, receiver reports) and ICE consent freshness (RFC 7675 §5.1: without a check for the timeout, the
 * participant is gone). Time comes from the injected clock, so a test can expire consent without waiting.
 */
final class SessionTimers implements Runnable {
    static final long TICK_MILLIS = 100;
    private static final int TICKS_PER_CONSENT_CHECK = 10;

    private final MediaLoop loop;
    private final Collection<ConferenceSession> conferences;
    private final Collection<ParticipantSession> participants;
    private final LongSupplier nanos;
    private final long consentTimeoutNanos;
    private final Consumer<ParticipantSession> onConsentExpired;
    private long ticks;

    SessionTimers(MediaLoop loop, Collection<ConferenceSession> conferences,
                  Collection<ParticipantSession> participants, LongSupplier nanos, long consentTimeoutNanos,
                  Consumer<ParticipantSession> onConsentExpired) {
        this.loop = loop;
        this.conferences = conferences;
        this.participants = participants;
        this.nanos = nanos;
        this.consentTimeoutNanos = consentTimeoutNanos;
        this.onConsentExpired = onConsentExpired;
    }

    @Override
    public void run() {
        for (ConferenceSession conference : conferences) {
            if (conference.loop == loop) {
                conference.media.tick();
            }
        }
        if (++ticks % TICKS_PER_CONSENT_CHECK == 0) {
            checkConsent();
        }
    }

    /** Reports every participant of this loop whose last ICE check is older than the consent timeout. */
    void checkConsent() {
        long now = nanos.getAsLong();
        for (ParticipantSession p : participants) {
            if (p.home() == loop && !p.closed && now - p.lastCheckNanos > consentTimeoutNanos) {
                onConsentExpired.accept(p);
            }
        }
    }
}
