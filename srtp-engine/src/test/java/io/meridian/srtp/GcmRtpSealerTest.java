package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free GCM sender against jitsi-srtp's own: the same bytes for every packet across a sequence
 * number wrap (so the same session keys, IV and ROC), and packets a jitsi-srtp receiver accepts.
 */
class GcmRtpSealerTest {
    private static final SrtpProfile GCM = SrtpProfile.AEAD_AES_128_GCM;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** V=2, X=1, CC=1, PT 111, then SSRC 0x11223344, one CSRC and a one-byte extension block: all of it is AAD. */
    private static final byte[] HEADER = HexFormat.of().parseHex(
        "916f0000" + "00003039" + "11223344" + "55667788" + "bede0001" + "10ff0000");
    private static final int PAYLOAD = 200;
    private static final int START_SEQ = 65_500;
    private static final int PACKETS = 200;

    private final byte[] masterKey = random(GCM.keyLength());
    private final byte[] masterSalt = random(GCM.saltLength());

    @Test
    void theOpenSslSealerIsAvailableHere() {
        assertNotNull(GcmRtpSealer.openSslOrNull(GCM, masterKey, masterSalt),
            "jitsi-srtp's native OpenSSL library did not load: the node needs libssl3 (Debian: apt-get install libssl3)");
    }

    @Test
    void everyPacketMatchesJitsiSrtpAcrossASequenceWrap() throws Exception {
        SrtpContextFactory factory = JitsiSrtp.factory(true, masterKey, masterSalt);
        SrtpCryptoContext jitsi = factory.deriveContext(0x11223344, 0);
        PacketBufferView view = new PacketBufferView();
        try (GcmRtpSealer sealer = GcmRtpSealer.openSslOrNull(GCM, masterKey, masterSalt)) {
            for (int i = 0; i < PACKETS; i++) {
                byte[] packet = packet((START_SEQ + i) & 0xFFFF, i);
                byte[] expected = Arrays.copyOf(packet, packet.length);
                int ours = sealer.protect(packet, 0, HEADER.length + PAYLOAD);
                assertEquals(SrtpErrorStatus.OK, jitsi.transformPacket(view.wrap(expected, 0, HEADER.length + PAYLOAD)));
                assertEquals(view.getLength(), ours);
                view.release();
                assertArrayEquals(expected, packet, "packet " + i);
            }
        } finally {
            factory.close();
        }
    }

    @Test
    void aRetransmissionFromBeforeTheWrapStillDecrypts() {
        SrtpKeys keys = new SrtpKeys(GCM, random(16), masterKey, random(12), masterSalt);
        try (SrtpProtector server = new SrtpProtector(keys, DtlsRole.SERVER);
             SrtpProtector client = new SrtpProtector(keys, DtlsRole.CLIENT)) {
            int len = HEADER.length + PAYLOAD;
            // 65534 and 65535 are "lost" on the way, then 0 and 1 after the wrap, then 65535 resent (ROC 0, not 1).
            for (int seq : new int[] {65_532, 65_533}) {
                assertEquals(len, deliver(server, client, seq, len));
            }
            byte[] lostOnce = packet(65_535, 3);
            server.protectRtp(lostOnce, 0, len);
            for (int seq : new int[] {0, 1, 65_535}) {
                assertEquals(len, deliver(server, client, seq, len), "sequence " + seq);
            }
        }
    }

    @Test
    void protectingAllocatesNothingPerPacket() {
        byte[] packet = packet(1, 1);
        int len = HEADER.length + PAYLOAD;
        try (GcmRtpSealer sealer = GcmRtpSealer.openSslOrNull(GCM, masterKey, masterSalt)) {
            sealer.protect(packet, 0, len);
            long allocated = AllocationMeter.allocatedBy(() -> {
                for (int seq = 2; seq < 10_002; seq++) {
                    packet[2] = (byte) (seq >>> 8);
                    packet[3] = (byte) seq;
                    sealer.protect(packet, 0, len);
                }
            });
            // The measurement itself may allocate a few bytes; 10,000 packets at the old 88 B each would be 880 KB.
            assertTrue(allocated < 1_000, "allocated " + allocated + " bytes for 10,000 packets");
        }
    }

    private static int deliver(SrtpProtector sender, SrtpProtector receiver, int seq, int len) {
        byte[] packet = packet(seq, seq);
        int protectedLength = sender.protectRtp(packet, 0, len);
        int plain = receiver.unprotectRtp(packet, 0, protectedLength);
        assertArrayEquals(Arrays.copyOf(packet(seq, seq), len), Arrays.copyOf(packet, len), "sequence " + seq);
        return plain;
    }

    private static byte[] packet(int seq, int fill) {
        byte[] packet = new byte[HEADER.length + PAYLOAD + SrtpProtector.MAX_TRAILER_LENGTH];
        System.arraycopy(HEADER, 0, packet, 0, HEADER.length);
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        Arrays.fill(packet, HEADER.length, HEADER.length + PAYLOAD, (byte) fill);
        return packet;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
