package io.meridian.microbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark body a few times, outside JMH and without timing anything, so a benchmark broken by a change
 * to the code it measures fails the build instead of the next benchmark run.
 */
class BenchmarkSmokeTest {
    @Test
    void srtpRoundTripsForEveryProfileAndSize() {
        for (SrtpProfile profile : SrtpProfile.values()) {
            for (int payload : new int[] {1200, 160}) {
                SrtpBenchmark b = new SrtpBenchmark();
                b.profile = profile;
                b.payloadLength = payload;
                b.setUp();
                for (int i = 0; i < 3; i++) {
                    assertEquals(12 + payload + profile.rtpTrailerLength(), b.protectRtp());
                    assertEquals(12 + payload, b.protectThenUnprotectRtp());
                }
                b.tearDown();
            }
        }
    }

    @Test
    void rewriteBenchmarksSeeAValidPacket() {
        RtpRewriteBenchmark b = new RtpRewriteBenchmark();
        b.setUp();
        assertTrue(b.parse() > 0);
        assertTrue(b.rewriteInPlace());
        assertEquals(RtpRewriteBenchmark.RECEIVER_PT, b.scratch[1] & 0x7F);
        assertEquals(0x32, b.scratch[16] & 0xFF, "abs-send-time renumbered 2 -> 3");
        assertTrue(b.rewriteInPlace());
        assertEquals(0x22, b.scratch[16] & 0xFF, "the involution restored id 2");
        assertTrue(b.copyAndRewrite());
        assertEquals(0x52, b.scratch[16] & 0xFF, "abs-send-time renumbered 2 -> 5");
        assertEquals(0, b.scratch[23], "mid stripped to padding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "nack", "transport-cc"})
    void fanOutReachesEveryReceiverWithoutDropsOrLeaks(String features) {
        FanOutBenchmark b = new FanOutBenchmark();
        b.receivers = 10;
        b.features = features;
        b.setUp();
        for (int i = 0; i < 5; i++) {
            b.fanOut();
        }
        assertEquals(50, b.delivered);
        assertTrue(b.publisherPacketOnly() > 1200);
        b.tearDown();
    }

    @Test
    void aHandshakeGivesBothSidesTheSameGcmKeys() throws Exception {
        DtlsHandshakeBenchmark b = new DtlsHandshakeBenchmark();
        b.setUp();
        try {
            for (int i = 0; i < 2; i++) {
                assertEquals(SrtpProfile.AEAD_AES_128_GCM, b.handshake().profile());
            }
        } finally {
            b.tearDown();
        }
    }
}
