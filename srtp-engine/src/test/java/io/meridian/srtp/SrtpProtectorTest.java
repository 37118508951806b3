package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpProtectorTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HEADROOM = 10;

    /** RTP v2 with a one-byte header extension (RFC 8285) so the header length calculation is exercised. */
    private static final byte[] RTP = HexFormat.of().parseHex(
        "906f1234" + "00003039" + "11223344" + "bede0001" + "10ff0000" + "0102030405060708090a0b0c0d0e0f10");
    /** A sender report (RFC 3550 §6.4.1) from SSRC 0x11223344. */
    private static final byte[] RTCP = HexFormat.of().parseHex(
        "80c80006" + "11223344" + "e1e2e3e4e5e6e7e8" + "00003039" + "00000010" + "00000800");

    private static SrtpKeys randomKeys(SrtpProfile profile) {
        byte[] material = new byte[SrtpKeys.keyingMaterialLength(profile)];
        RANDOM.nextBytes(material);
        return SrtpKeys.fromKeyingMaterial(profile, material);
    }

    /** The packet at offset HEADROOM with tail room for any trailer, as the pooled buffers lay it out. */
    private static byte[] inBuffer(byte[] packet) {
        byte[] buf = new byte[HEADROOM + packet.length + SrtpProtector.MAX_TRAILER_LENGTH];
        System.arraycopy(packet, 0, buf, HEADROOM, packet.length);
        return buf;
    }

    private static byte[] slice(byte[] buf, int len) {
        return Arrays.copyOfRange(buf, HEADROOM, HEADROOM + len);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void clientToServerAndBackRoundTripsRtpAndRtcp(SrtpProfile profile) {
        SrtpKeys keys = randomKeys(profile);
        try (SrtpProtector client = new SrtpProtector(keys, DtlsRole.CLIENT);
             SrtpProtector server = new SrtpProtector(keys, DtlsRole.SERVER)) {
            for (List<SrtpProtector> direction : List.of(List.of(client, server), List.of(server, client))) {
                SrtpProtector sender = direction.get(0);
                SrtpProtector receiver = direction.get(1);

                byte[] rtp = inBuffer(RTP);
                int srtpLength = sender.protectRtp(rtp, HEADROOM, RTP.length);
                assertEquals(RTP.length + profile.rtpTrailerLength(), srtpLength);
                assertFalse(Arrays.equals(RTP, slice(rtp, RTP.length)), "payload must be encrypted");
                assertEquals(RTP.length, receiver.unprotectRtp(rtp, HEADROOM, srtpLength));
                assertArrayEquals(RTP, slice(rtp, RTP.length));

                byte[] rtcp = inBuffer(RTCP);
                int srtcpLength = sender.protectRtcp(rtcp, HEADROOM, RTCP.length);
                assertEquals(RTCP.length + profile.rtcpTrailerLength(), srtcpLength);
                assertFalse(Arrays.equals(RTCP, slice(rtcp, RTCP.length)), "report must be encrypted");
                assertEquals(RTCP.length, receiver.unprotectRtcp(rtcp, HEADROOM, srtcpLength));
                assertArrayEquals(RTCP, slice(rtcp, RTCP.length));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aFlippedTagBitFailsAuthenticationWithoutConsumingThePacketIndex(SrtpProfile profile) {
        SrtpKeys keys = randomKeys(profile);
        try (SrtpProtector client = new SrtpProtector(keys, DtlsRole.CLIENT);
             SrtpProtector server = new SrtpProtector(keys, DtlsRole.SERVER)) {
            byte[] rtp = inBuffer(RTP);
            int len = client.protectRtp(rtp, HEADROOM, RTP.length);
            byte[] intact = rtp.clone();
            rtp[HEADROOM + len - 1] ^= 0x01;
            assertEquals(SrtpProtector.AUTH_FAILED, server.unprotectRtp(rtp, HEADROOM, len));
            // RFC 3711 §3.3.2: only an authentic packet enters the replay window, so a forgery cannot block the real
            // packet it copies.
            assertEquals(RTP.length, server.unprotectRtp(intact, HEADROOM, len));
            assertArrayEquals(RTP, slice(intact, RTP.length));

            byte[] rtcp = inBuffer(RTCP);
            int rtcpLen = client.protectRtcp(rtcp, HEADROOM, RTCP.length);
            byte[] rtcpIntact = rtcp.clone();
            // The tag ends the packet for AES-CM; for GCM it sits before the 4-byte SRTCP index (RFC 7714 §17).
            int lastTagByte = profile == SrtpProfile.AEAD_AES_128_GCM ? rtcpLen - 5 : rtcpLen - 1;
            rtcp[HEADROOM + lastTagByte] ^= 0x01;
            assertEquals(SrtpProtector.AUTH_FAILED, server.unprotectRtcp(rtcp, HEADROOM, rtcpLen));
            assertEquals(RTCP.length, server.unprotectRtcp(rtcpIntact, HEADROOM, rtcpLen));
            assertArrayEquals(RTCP, slice(rtcpIntact, RTCP.length));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theSamePacketTwiceIsAReplay(SrtpProfile profile) {
        SrtpKeys keys = randomKeys(profile);
        try (SrtpProtector client = new SrtpProtector(keys, DtlsRole.CLIENT);
             SrtpProtector server = new SrtpProtector(keys, DtlsRole.SERVER)) {
            byte[] rtp = inBuffer(RTP);
            int len = client.protectRtp(rtp, HEADROOM, RTP.length);
            byte[] again = rtp.clone();
            assertEquals(RTP.length, server.unprotectRtp(rtp, HEADROOM, len));
            assertEquals(SrtpProtector.REPLAYED, server.unprotectRtp(again, HEADROOM, len));

            byte[] rtcp = inBuffer(RTCP);
            int rtcpLen = client.protectRtcp(rtcp, HEADROOM, RTCP.length);
            byte[] rtcpAgain = rtcp.clone();
            assertEquals(RTCP.length, server.unprotectRtcp(rtcp, HEADROOM, rtcpLen));
            assertEquals(SrtpProtector.REPLAYED, server.unprotectRtcp(rtcpAgain, HEADROOM, rtcpLen));
        }
    }

    @Test
    void aPacketFromAnUnknownSsrcThatFailsAuthenticationLeavesTheRealStreamWorking() {
        SrtpKeys keys = randomKeys(SrtpProfile.AEAD_AES_128_GCM);
        try (SrtpProtector client = new SrtpProtector(keys, DtlsRole.CLIENT);
             SrtpProtector server = new SrtpProtector(keys, DtlsRole.SERVER)) {
            byte[] forged = inBuffer(RTP);
            forged[HEADROOM + 8] = 0x7f;
            int len = RTP.length + SrtpProfile.AEAD_AES_128_GCM.rtpTrailerLength();
            assertEquals(SrtpProtector.AUTH_FAILED, server.unprotectRtp(forged, HEADROOM, len));

            byte[] rtp = inBuffer(RTP);
            int srtpLength = client.protectRtp(rtp, HEADROOM, RTP.length);
            assertEquals(RTP.length, server.unprotectRtp(rtp, HEADROOM, srtpLength));
        }
    }

    @Test
    void tooShortOrWrongVersionIsMalformed() {
        try (SrtpProtector server = new SrtpProtector(randomKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80),
                DtlsRole.SERVER)) {
            byte[] rtp = inBuffer(RTP);
            assertEquals(SrtpProtector.MALFORMED, server.unprotectRtp(rtp, HEADROOM, 12));
            rtp[HEADROOM] = 0x40;
            assertEquals(SrtpProtector.MALFORMED, server.unprotectRtp(rtp, HEADROOM, RTP.length + 10));
            assertEquals(SrtpProtector.MALFORMED, server.unprotectRtcp(inBuffer(RTCP), HEADROOM, 8));
        }
    }

    @Test
    void protectingWithoutTailRoomIsACallerBug() {
        try (SrtpProtector client = new SrtpProtector(randomKeys(SrtpProfile.AEAD_AES_128_GCM), DtlsRole.CLIENT)) {
            byte[] exact = RTP.clone();
            assertThrows(IllegalArgumentException.class, () -> client.protectRtp(exact, 0, exact.length));
        }
    }
}
