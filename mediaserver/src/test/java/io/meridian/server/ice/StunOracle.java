package io.meridian.server.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * STUN's integrity rules computed without ice4j, to judge what the responder (which uses ice4j) decides: the
 * MESSAGE-INTEGRITY of RFC 8489 §14.5 (HMAC-SHA1 over the message up to the attribute, its length field counting
 * the attribute) and the FINGERPRINT of §14.7 (CRC-32 of the message up to it, XOR 0x5354554E). Attributes are
 * walked as §14 lays them out: type, length, value padded to four bytes.
 */
final class StunOracle {
    static final int HEADER = 20;
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int FINGERPRINT = 0x8028;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int INTEGRITY_LENGTH = 24;
    private static final int FINGERPRINT_LENGTH = 8;
    private static final long FINGERPRINT_XOR = 0x5354554EL;

    private StunOracle() {
    }

    /** Where the first attribute of {@code type} starts, -1 when none comes before the attributes stop parsing. */
    static int find(byte[] m, int type) {
        for (int p = HEADER; p + 4 <= m.length; ) {
            int length = u16(m, p + 2);
            if (u16(m, p) == type) {
                return p;
            }
            p += 4 + (length + 3) / 4 * 4;
        }
        return -1;
    }

    /** The value of the first USERNAME as text, null when there is none whole. */
    static String username(byte[] m) {
        int at = find(m, USERNAME);
        int length = at < 0 ? 0 : u16(m, at + 2);
        return at < 0 || at + 4 + length > m.length ? null
                : new String(m, at + 4, length, StandardCharsets.UTF_8);
    }

    /** Whether the first MESSAGE-INTEGRITY verifies with {@code password} (short-term credentials, §9.1.1). */
    static boolean integrityVerifies(byte[] m, String password) {
        int at = find(m, MESSAGE_INTEGRITY);
        if (at < 0 || u16(m, at + 2) != 20 || at + INTEGRITY_LENGTH > m.length) {
            return false;
        }
        byte[] expected = hmac(m, at, password);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(m, at + 4, at + INTEGRITY_LENGTH));
    }

    /** Whether the message ends with a FINGERPRINT that is right. */
    static boolean endsWithValidFingerprint(byte[] m) {
        int at = m.length - FINGERPRINT_LENGTH;
        return at >= HEADER && u16(m, at) == FINGERPRINT && u16(m, at + 2) == 4
                && ((long) u16(m, at + 4) << 16 | u16(m, at + 6)) == crc(m, at);
    }

    /**
     * {@code data} made a message signed with {@code password}: its header with the magic cookie, its attributes up
     * to the first MESSAGE-INTEGRITY or FINGERPRINT (cut to whole words), then a right MESSAGE-INTEGRITY and
     * FINGERPRINT. Null when {@code data} is shorter than a header.
     */
    static byte[] signed(byte[] data, String password) {
        if (data.length < HEADER) {
            return null;
        }
        int end = data.length;
        for (int type : new int[] {MESSAGE_INTEGRITY, FINGERPRINT}) {
            int at = find(data, type);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        end = HEADER + (end - HEADER) / 4 * 4;
        byte[] m = Arrays.copyOf(data, end + INTEGRITY_LENGTH + FINGERPRINT_LENGTH);
        m[0] &= 0x3F;
        put(m, 4, MAGIC_COOKIE >>> 16);
        put(m, 6, MAGIC_COOKIE & 0xFFFF);
        put(m, end, MESSAGE_INTEGRITY);
        put(m, end + 2, 20);
        System.arraycopy(hmac(m, end, password), 0, m, end + 4, 20);
        int fingerprint = end + INTEGRITY_LENGTH;
        put(m, 2, m.length - HEADER);
        put(m, fingerprint, FINGERPRINT);
        put(m, fingerprint + 2, 4);
        long crc = crc(m, fingerprint);
        put(m, fingerprint + 4, (int) (crc >>> 16));
        put(m, fingerprint + 6, (int) crc & 0xFFFF);
        return m;
    }

    /** §14.5: HMAC-SHA1 of the message before {@code at}, its length field counting the attribute at {@code at}. */
    private static byte[] hmac(byte[] m, int at, String password) {
        byte[] covered = Arrays.copyOf(m, at);
        put(covered, 2, at + INTEGRITY_LENGTH - HEADER);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(covered);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JDK", e);
        }
    }

    /** §14.7: CRC-32 of the message before {@code at}, its length field as it is, XOR 0x5354554E. */
    private static long crc(byte[] m, int at) {
        CRC32 crc = new CRC32();
        crc.update(m, 0, at);
        return crc.getValue() ^ FINGERPRINT_XOR;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static void put(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
