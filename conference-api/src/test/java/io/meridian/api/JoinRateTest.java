package io.meridian.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Joins a second per client address, on a clock driven by hand: the burst, the refill, Retry-After, IPv6 /64s. */
class JoinRateTest {
    private static final long SECOND = 1_000_000_000L;
    /** Close to where a monotonic clock wraps: the rate compares times by their difference. */
    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - SECOND / 2);

    @Test
    void aBurstOfOneSecondsWorthThenOneJoinPerShareOfASecond() {
        JoinRate rate = new JoinRate(4, clock::get);
        for (int i = 0; i < 4; i++) {
            assertDoesNotThrow(() -> rate.admit("192.0.2.7"));
        }
        ApiException refused = assertThrows(ApiException.class, () -> rate.admit("192.0.2.7"));
        assertEquals(429, refused.status());
        assertEquals("too_many_joins", refused.code());
        // The next share comes a quarter of a second later: Retry-After is in whole seconds, rounded up.
        assertEquals(1, refused.retryAfterSeconds());

        clock.addAndGet(SECOND / 4);
        assertDoesNotThrow(() -> rate.admit("192.0.2.7"));
        assertThrows(ApiException.class, () -> rate.admit("192.0.2.7"));
        assertDoesNotThrow(() -> rate.admit("192.0.2.8"), "each address has its own rate");
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        assertEquals(JoinRate.client("2001:db8:1:2::1"), JoinRate.client("2001:db8:1:2:a:b:c:d"));
        assertEquals(JoinRate.client("2001:db8:1:2::1"), JoinRate.client("2001:0db8:0001:0002:0:0:0:ffff"));
        assertEquals("192.0.2.7", JoinRate.client("192.0.2.7"));
        JoinRate rate = new JoinRate(1, clock::get);
        rate.admit("2001:db8:1:2::1");
        assertThrows(ApiException.class, () -> rate.admit("2001:db8:1:2::99"), "the same /64");
        assertDoesNotThrow(() -> rate.admit("2001:db8:1:3::1"), "another /64");
    }

    @Test
    void zeroIsNoLimit() {
        JoinRate rate = new JoinRate(0, clock::get);
        for (int i = 0; i < 1000; i++) {
            rate.admit("192.0.2.7");
        }
    }
}
