package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meridian.rtp.Bytes;
import java.util.Arrays;
import java.util.Random;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free GCM SRTCP sender against jitsi-srtp's: the same bytes for every packet of two interleaved
 * senders (so the same session keys, IV, index and layout), which jitsi-srtp's receiver accepts.
 */
class GcmRtcpSealerTest {
    private static final SrtpProfile GCM = SrtpProfile.AEAD_AES_128_GCM;
    private static final int[] SENDERS = {0x11223344, 0x55667788};

    private final Random random = new Random(20261207);
    private final SrtpKeys keys = GcmRtcpOpenerTest.keys(random);

    @Test
    void everyPacketMatchesJitsiSrtpForTwoSenders() throws Exception {
        SrtpContextFactory sending = JitsiSrtp.factory(true, keys.clientWriteKey(), keys.clientWriteSalt());
        SrtpContextFactory receiving = JitsiSrtp.factory(false, keys.clientWriteKey(), keys.clientWriteSalt());
        SrtcpCryptoContext[] jitsiSenders = new SrtcpCryptoContext[SENDERS.length];
        SrtcpCryptoContext[] jitsiReceivers = new SrtcpCryptoContext[SENDERS.length];
        for (int s = 0; s < SENDERS.length; s++) {
            jitsiSenders[s] = sending.deriveControlContext(SENDERS[s]);
            jitsiReceivers[s] = receiving.deriveControlContext(SENDERS[s]);
        }
        PacketBufferView view = new PacketBufferView();
        try (SrtpProtector client = new SrtpProtector(keys, DtlsRole.CLIENT)) {
            for (int i = 0; i < 300; i++) {
                int s = random.nextInt(SENDERS.length);
                int len = 8 + 4 * random.nextInt(40);
                byte[] packet = GcmRtcpOpenerTest.rtcp(SENDERS[s], len, i);
                byte[] expected = packet.clone();
                int ours = client.protectRtcp(packet, 0, len);
                assertEquals(SrtpErrorStatus.OK, jitsiSenders[s].transformPacket(view.wrap(expected, 0, len)));
                assertEquals(view.getLength(), ours);
                assertArrayEquals(expected, packet, "packet " + i);

                assertEquals(SrtpErrorStatus.OK, jitsiReceivers[s].reverseTransformPacket(view.wrap(packet, 0, ours)));
                assertEquals(len, view.getLength());
                assertArrayEquals(Arrays.copyOf(GcmRtcpOpenerTest.rtcp(SENDERS[s], len, i), len),
                    Arrays.copyOf(packet, len), "packet " + i);
            }
        } finally {
            view.release();
            sending.close();
            receiving.close();
        }
    }

    /** RFC 3711 §3.4: each sender SSRC counts from 0; E = 1 since every packet is encrypted. */
    @Test
    void theIndexCountsPerSenderSsrcWithTheEncryptionFlagSet() {
        int a = SENDERS[0];
        int b = SENDERS[1];
        int[] order = {a, b, a, a, b, a};
        int[] expected = {0, 0, 1, 2, 1, 3};
        try (GcmRtcpSealer sealer = GcmRtcpSealer.openSslOrNull(GCM, keys.clientWriteKey(), keys.clientWriteSalt())) {
            for (int i = 0; i < order.length; i++) {
                byte[] packet = GcmRtcpOpenerTest.rtcp(order[i], 12, i);
                int len = sealer.protect(packet, 0, 12);
                assertEquals(12 + 16 + 4, len);
                assertEquals(0x80000000 | expected[i], Bytes.i32(packet, len - 4), "packet " + i);
            }
        }
    }

    @Test
    void lessThanAHeaderIsMalformed() {
        try (GcmRtcpSealer sealer = GcmRtcpSealer.openSslOrNull(GCM, keys.clientWriteKey(), keys.clientWriteSalt())) {
            assertEquals(SrtpProtector.MALFORMED, sealer.protect(new byte[40], 0, 7));
        }
    }

    @Test
    void protectingAllocatesNothingPerPacket() {
        byte[] packet = GcmRtcpOpenerTest.rtcp(SENDERS[0], 100, 1);
        try (GcmRtcpSealer sealer = GcmRtcpSealer.openSslOrNull(GCM, keys.clientWriteKey(), keys.clientWriteSalt())) {
            sealer.protect(packet, 0, 100);
            long allocated = AllocationMeter.allocatedBy(() -> {
                for (int i = 0; i < 10_000; i++) {
                    sealer.protect(packet, 0, 100);
                }
            });
            // Under a byte per packet on average: the measurement and the JIT allocate about 1 KB however many packets
            // run (as much for a million); jitsi-srtp's path allocated about 90 B per packet, 900 KB here.
            assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 10,000 packets");
        }
    }
}
