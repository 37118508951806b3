package io.meridian.router;

/**
 * Reception statistics of one inbound RTP stream, kept per RFC 3550 Appendix A.1 (sequence tracking), A.3 (loss)
 * and A.8 (interarrival jitter), to fill the receiver reports the node sends to the publisher.
 */
public final class ReceiveStats {
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;

    private final int clockRate;
    private boolean started;
    private int maxSeq;
    private int cycles;
    private int baseSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastTransit;
    private boolean haveTransit;
    private double jitter;
    private long lastSrNtpMiddle;
    private long lastSrArrivalNanos;

    ReceiveStats(int clockRate) {
        this.clockRate = clockRate;
    }

    void onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += SEQ_MOD;
                }
                maxSeq = seq;
            } else if (delta <= SEQ_MOD - MAX_MISORDER) {
                // A large jump: RFC 3550 A.1 would wait for a second packet to confirm; restarting at once is
                // simpler and only costs one report's accuracy after a publisher restart.
                baseSeq = seq;
                maxSeq = seq;
                cycles = 0;
                received = 0;
                expectedPrior = 0;
                receivedPrior = 0;
            }
        }
        received++;
        long arrivalUnits = toClockUnits(arrivalNanos);
        long transit = arrivalUnits - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /**
     * Monotonic nanoseconds in RTP clock units. Multiplying first would overflow a long once the clock passes about
     * 28 hours at 90 kHz ({@code System.nanoTime()} may start anywhere), so whole seconds and the rest are scaled apart.
     */
    long toClockUnits(long nanos) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long rest = Math.floorMod(nanos, 1_000_000_000L);
        return seconds * clockRate + rest * clockRate / 1_000_000_000L;
    }

    public void onSenderReport(long ntpMiddle32, long arrivalNanos) {
        lastSrNtpMiddle = ntpMiddle32;
        lastSrArrivalNanos = arrivalNanos;
    }

    public boolean started() {
        return started;
    }

    public int extendedHighestSeq() {
        return cycles + maxSeq;
    }

    public long expected() {
        return (long) extendedHighestSeq() - baseSeq + 1;
    }

    public long cumulativeLost() {
        return expected() - received;
    }

    /** Fraction lost since the previous call, in 1/256 units (RFC 3550 A.3); advances the interval. */
    public int fractionLostSinceLastReport() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    public int jitter() {
        return (int) jitter;
    }

    public int lastSr() {
        return (int) lastSrNtpMiddle;
    }

    /** Delay since the last SR in 1/65536 s units, or 0 when no SR arrived (RFC 3550 §6.4.1 DLSR). */
    public int delaySinceLastSr(long nowNanos) {
        if (lastSrArrivalNanos == 0 && lastSrNtpMiddle == 0) {
            return 0;
        }
        return (int) ((nowNanos - lastSrArrivalNanos) * 65536 / 1_000_000_000L);
    }
}
