package io.meridian.server.session;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * When a participant's next server offer goes, so that a burst of joins costs each participant already in the
 * conference two offers, not one per join (every offer is SDP work on both sides and a round trip): a change after a
 * quiet spell is offered at once; changes that follow within {@link #QUIET_NANOS} of the last offer wait until
 * changes have stopped for that long (at most {@link #MAX_WAIT_NANOS} in all), then go in one offer. An offer in
 * flight holds the next until its answer, as before. All under the conference lock; the timer fires on the
 * conference's loop and the offer is made on the control thread.
 */
final class OfferPacing {
    static final long QUIET_NANOS = 100_000_000L;
    static final long MAX_WAIT_NANOS = 1_000_000_000L;

    private final LongSupplier nanos;
    private volatile Executor control = Runnable::run;

    OfferPacing(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Where deferred offers are made: the session layer's control thread. */
    void control(Executor executor) {
        this.control = executor;
    }

    /**
     * Something the participant should be offered may have changed: {@code send} makes the offer now if it can
     * (false when one is in flight or nothing is pending), or it is deferred as above.
     */
    void changed(ParticipantSession p, Predicate<ParticipantSession> send) {
        long now = nanos.getAsLong();
        if (!p.offerDeferred) {
            if (now - p.lastOfferNanos >= QUIET_NANOS && send.test(p)) {
                p.lastOfferNanos = now;
                return;
            }
            p.offerDeferred = true;
            p.offerDeferredSince = now;
        }
        p.lastChangeNanos = now;
        arm(p, send, now);
    }

    private void arm(ParticipantSession p, Predicate<ParticipantSession> send, long now) {
        if (p.offerTimerSet) {
            return;
        }
        p.offerTimerSet = true;
        long delay = Math.max(0, due(p) - now);
        ConferenceSession conference = p.conference;
        conference.loop.eventLoop().schedule(() -> control.execute(() -> {
            synchronized (conference) {
                p.offerTimerSet = false;
                if (p.closed || !p.offerDeferred) {
                    return;
                }
                long at = nanos.getAsLong();
                if (at < due(p)) {
                    arm(p, send, at);
                } else if (send.test(p)) {
                    p.offerDeferred = false;
                    p.lastOfferNanos = at;
                }
                // Else an offer is in flight: its answer comes back here through changed().
            }
        }), delay, TimeUnit.NANOSECONDS);
    }

    private static long due(ParticipantSession p) {
        return Math.min(p.lastChangeNanos + QUIET_NANOS, p.offerDeferredSince + MAX_WAIT_NANOS);
    }
}
