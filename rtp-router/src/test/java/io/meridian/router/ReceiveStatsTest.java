package io.meridian.router;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReceiveStatsTest {
    private static final long SECOND = 1_000_000_000L;

    /** A 30 fps stream whose packets arrive exactly on time: the interarrival jitter (RFC 3550 A.8) stays 0. */
    private static int jitterOfPerfectStreamAt(long startNanos) {
        ReceiveStats stats = new ReceiveStats(TrackKind.VIDEO.clockRate());
        for (int i = 0; i < 100; i++) {
            stats.onPacket(i, 1000L + i * 3000L, startNanos + i * SECOND / 30);
        }
        return stats.jitter();
    }

    @Test
    void jitterStaysExactWhenTheMonotonicClockIsPastADay() {
        assertEquals(0, jitterOfPerfectStreamAt(5 * SECOND));
        // nanos * 90000 overflows a long at ~28.4 h (and every ~57 h after); this stream crosses that point.
        // System.nanoTime() may be anywhere, including negative.
        assertEquals(0, jitterOfPerfectStreamAt(Long.MAX_VALUE / 90_000 - SECOND));
        assertEquals(0, jitterOfPerfectStreamAt(Long.MAX_VALUE / 2));
        assertEquals(0, jitterOfPerfectStreamAt(-40L * 3600 * SECOND));
    }

    @Test
    void clockUnitsAreExactAcrossTheWholeRange() {
        ReceiveStats stats = new ReceiveStats(90_000);
        assertEquals(90_000, stats.toClockUnits(SECOND));
        assertEquals(-90_000, stats.toClockUnits(-SECOND));
        long day = 86_400 * SECOND;
        assertEquals(stats.toClockUnits(100 * day) + 45_000, stats.toClockUnits(100 * day + SECOND / 2));
    }
}
