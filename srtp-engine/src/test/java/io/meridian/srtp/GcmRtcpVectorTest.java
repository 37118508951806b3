package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 7714 §17, the SRTCP vectors of AEAD_AES_128_GCM: §17.1 encrypted (E = 1) and §17.3 authenticated only
 * (E = 0), both with SRTCP index 0x5d4 from SSRC 0x4d617273. The vectors give the session key and salt, not a master
 * key, so the cipher is built from those; {@link SrtpTestVectorTest} covers the key derivation.
 */
class GcmRtcpVectorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY = "000102030405060708090a0b0c0d0e0f";
    /** "Quid pro quo". */
    private static final String SALT = "517569642070726f2071756f";
    private static final int INDEX = 0x5d4;

    private static final byte[] RTCP = HEX.parseHex("81c8000d4d617273" + "4e5450314e545032525450200000042a0000e930"
        + "4c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
    private static final byte[] SRTCP = HEX.parseHex("81c8000d4d617273"
        + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b"
        + "c84aa45896cf4d2fc5abf87245d9eade" + "800005d4");
    private static final byte[] SRTCP_AUTHENTICATED_ONLY = HEX.parseHex(HEX.formatHex(RTCP)
        + "841dd9683dd78ec92ae58790125f62b3" + "000005d4");

    @Test
    void sealingGivesTheEncryptedVector() throws Exception {
        try (GcmRtcpSealer sealer = new GcmRtcpSealer(cipher(true))) {
            byte[] packet = Arrays.copyOf(RTCP, RTCP.length + SrtpProtector.MAX_TRAILER_LENGTH);
            // The sender's first packet gets index 0 (RFC 3711 §3.4); the vector's is the 0x5d5th.
            for (int i = 0; i < INDEX; i++) {
                sealer.protect(packet.clone(), 0, RTCP.length);
            }
            int sealed = sealer.protect(packet, 0, RTCP.length);
            assertArrayEquals(SRTCP, Arrays.copyOf(packet, sealed));
        }
    }

    @Test
    void openingTheEncryptedVectorGivesThePacket() throws Exception {
        byte[] packet = SRTCP.clone();
        assertEquals(RTCP.length, openWithANewOpener(packet));
        assertArrayEquals(RTCP, Arrays.copyOf(packet, RTCP.length));
    }

    /** RFC 7714 §9.3: with E = 0 the whole packet and the index are associated data and the packet stays as it is. */
    @Test
    void theAuthenticatedOnlyVectorIsAccepted() throws Exception {
        byte[] packet = SRTCP_AUTHENTICATED_ONLY.clone();
        assertEquals(RTCP.length, openWithANewOpener(packet));
        assertArrayEquals(RTCP, Arrays.copyOf(packet, RTCP.length));
    }

    @Test
    void anAuthenticatedOnlyPacketWithAChangedByteFailsAuthentication() throws Exception {
        byte[] packet = SRTCP_AUTHENTICATED_ONLY.clone();
        packet[20] ^= 0x01;
        assertEquals(SrtpProtector.AUTH_FAILED, openWithANewOpener(packet));
    }

    /** Encrypted or not, a packet takes its sender's index: the same index again is a replay (RFC 3711 §3.4). */
    @Test
    void bothFlagsShareTheIndexSpace() throws Exception {
        try (GcmRtcpOpener opener = new GcmRtcpOpener(cipher(false))) {
            assertEquals(RTCP.length, opener.unprotect(SRTCP.clone(), 0, SRTCP.length));
            byte[] again = SRTCP_AUTHENTICATED_ONLY.clone();
            assertEquals(SrtpProtector.REPLAYED, opener.unprotect(again, 0, again.length));
        }
    }

    private static int openWithANewOpener(byte[] packet) throws Exception {
        try (GcmRtcpOpener opener = new GcmRtcpOpener(cipher(false))) {
            return opener.unprotect(packet, 0, packet.length);
        }
    }

    private static GcmCipher cipher(boolean sealing) throws Exception {
        return GcmCipher.ofSessionKey(HEX.parseHex(KEY), HEX.parseHex(SALT), sealing);
    }
}
