package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Known-answer tests through {@link SrtpProtector}, proving each role encrypts with its own write key and salt and
 * decrypts with the peer's (RFC 5764 §4.2). Vectors are libsrtp's test/srtp_driver.c ones (AES-CM-128-HMAC-SHA1-80
 * and AEAD-AES-128-GCM per RFC 7714), for SSRC 0xcafebabe, sequence 0x1234, SRTCP index 1.
 */
class SrtpTestVectorTest {
    private static final HexFormat HEX = HexFormat.of();

    private static final byte[] RTP = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] RTCP = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));

    private static final byte[] CM_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] CM_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] CM_SRTP = HEX.parseHex(
        "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    private static final byte[] CM_SRTCP = HEX.parseHex(
        "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

    private static final byte[] GCM_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
    private static final byte[] GCM_SRTP = HEX.parseHex(
        "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392");
    private static final byte[] GCM_SRTCP = HEX.parseHex(
        "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001");

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void aesCmVectorsUseTheWritersKeys(DtlsRole writer) {
        check(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_KEY, CM_SALT, CM_SRTP, CM_SRTCP, writer);
    }

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void gcmVectorsUseTheWritersKeys(DtlsRole writer) {
        check(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY, GCM_SALT, GCM_SRTP, GCM_SRTCP, writer);
    }

    /** The vector key is the writer's; the other direction gets an unrelated key, so a swap cannot pass. */
    private static void check(SrtpProfile profile, byte[] key, byte[] salt, byte[] srtp, byte[] srtcp,
                              DtlsRole writer) {
        byte[] otherKey = new byte[key.length];
        byte[] otherSalt = new byte[salt.length];
        Arrays.fill(otherKey, (byte) 0x55);
        Arrays.fill(otherSalt, (byte) 0x66);
        SrtpKeys keys = writer == DtlsRole.CLIENT
            ? new SrtpKeys(profile, key, otherKey, salt, otherSalt)
            : new SrtpKeys(profile, otherKey, key, otherSalt, salt);
        DtlsRole reader = writer == DtlsRole.CLIENT ? DtlsRole.SERVER : DtlsRole.CLIENT;

        try (SrtpProtector sending = new SrtpProtector(keys, writer);
             SrtpProtector receiving = new SrtpProtector(keys, reader)) {
            byte[] rtp = Arrays.copyOf(RTP, RTP.length + SrtpProtector.MAX_TRAILER_LENGTH);
            int protectedLength = sending.protectRtp(rtp, 0, RTP.length);
            assertArrayEquals(srtp, Arrays.copyOf(rtp, protectedLength));
            assertEquals(RTP.length, receiving.unprotectRtp(rtp, 0, protectedLength));
            assertArrayEquals(RTP, Arrays.copyOf(rtp, RTP.length));

            // The vector carries SRTCP index 1; the first packet of a stream gets index 0 (RFC 3711 §3.4).
            byte[] rtcp = Arrays.copyOf(RTCP, RTCP.length + SrtpProtector.MAX_TRAILER_LENGTH);
            sending.protectRtcp(rtcp, 0, RTCP.length);
            System.arraycopy(RTCP, 0, rtcp, 0, RTCP.length);
            int protectedRtcp = sending.protectRtcp(rtcp, 0, RTCP.length);
            assertArrayEquals(srtcp, Arrays.copyOf(rtcp, protectedRtcp));
            assertEquals(RTCP.length, receiving.unprotectRtcp(rtcp, 0, protectedRtcp));
            assertArrayEquals(RTCP, Arrays.copyOf(rtcp, RTCP.length));
        }
    }
}
