package io.meridian.router.cc;

/**
 * GCC's rate controller (draft-ietf-rmcat-gcc-02 §5.5): on overuse the rate drops to 85 % of what the receiver
 * acknowledged; while the path is normal it grows, by 8 % a second far from the last known capacity and by about a
 * packet per round trip near it; underuse holds it (the queue is draining). The rate never runs far ahead of what
 * is acknowledged, so it cannot grow on a path that carries less, nor stays below what the path is seen to carry
 * without a queue building; a probe's result lifts it at once.
 */
final class AimdRateControl {
    private static final double BETA = 0.85;
    private static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    private static final double PACKET_BITS = 1200 * 8;
    private static final long MIN_BPS = 30_000;
    private static final long MAX_BPS = 50_000_000;

    private double rate;
    /** The acknowledged rate at recent decreases (kb/s) and its normalised variance, as libwebrtc keeps them. */
    private double capacity = Double.NaN;
    private double capacityVariance = 0.4;
    private long lastUpdateNanos = Long.MIN_VALUE;
    private long lastDecreaseNanos = Long.MIN_VALUE;

    AimdRateControl(long initialBps) {
        this.rate = initialBps;
    }

    /** The new rate after the detector's {@code usage} at {@code now}, given the acknowledged rate (0 = unknown). */
    long update(BandwidthUsage usage, long ackedBps, long rttNanos, long now) {
        double dt = lastUpdateNanos == Long.MIN_VALUE ? 0 : Math.min(1.0, (now - lastUpdateNanos) / 1e9);
        lastUpdateNanos = now;
        double before = rate;
        switch (usage) {
            case OVERUSE -> decrease(ackedBps, rttNanos, now);
            case NORMAL -> {
                increase(dt, rttNanos);
                // The path carried this much with no queue building: an estimate below it is only slow to grow
                // (libwebrtc gets there by probing; the node reads it off the acknowledged rate).
                rate = Math.max(rate, ackedBps);
                if (ackedBps > 0) {
                    // Growth stops well above what is acknowledged (it could not be shown); a rate a probe proved
                    // stays until the path says otherwise.
                    rate = Math.min(rate, Math.max(before, 1.5 * ackedBps + 10_000));
                }
            }
            case UNDERUSE -> { }
        }
        rate = Math.max(MIN_BPS, Math.min(MAX_BPS, rate));
        return (long) rate;
    }

    long rate() {
        return (long) rate;
    }

    /** A probe showed the path carries {@code bps}: the rate starts from there if it was lower. */
    void probed(long bps) {
        rate = Math.max(rate, Math.min(MAX_BPS, bps));
    }

    private void decrease(long ackedBps, long rttNanos, long now) {
        // One decrease per round trip: the next feedback still shows the queue the last decrease is draining.
        if (lastDecreaseNanos != Long.MIN_VALUE && now - lastDecreaseNanos < Math.max(rttNanos, 100_000_000L)) {
            return;
        }
        lastDecreaseNanos = now;
        double base = ackedBps > 0 ? ackedBps : rate;
        rate = Math.min(rate, BETA * base);
        updateCapacity(base);
    }

    private void increase(double dt, long rttNanos) {
        if (nearCapacity()) {
            double responseSeconds = (Math.max(rttNanos, 0) + 100_000_000L) / 1e9;
            rate += PACKET_BITS * dt / responseSeconds;
        } else {
            rate *= Math.pow(MULTIPLICATIVE_PER_SECOND, dt);
        }
    }

    /** Within three standard deviations of the capacity seen at the last decreases (libwebrtc's rule). */
    private boolean nearCapacity() {
        if (Double.isNaN(capacity)) {
            return false;
        }
        double sigma = Math.sqrt(capacityVariance * capacity);
        double kbps = rate / 1000;
        return kbps > capacity - 3 * sigma && kbps < capacity + 3 * sigma;
    }

    private void updateCapacity(double sampleBps) {
        double kbps = sampleBps / 1000;
        if (Double.isNaN(capacity)) {
            capacity = kbps;
        } else {
            double error = capacity - kbps;
            capacity = 0.95 * capacity + 0.05 * kbps;
            capacityVariance = Math.max(0.4, Math.min(2.5, 0.95 * capacityVariance + 0.05 * error * error / capacity));
        }
    }
}
