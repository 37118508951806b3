package io.meridian.srtp;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts of one DTLS association, split out of the keying material exported with the
 * label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2). Arrays are copied in and out so holders cannot alter each other.
 * {@link #toString()} names the profile only: key material never reaches a log.
 */
public final class SrtpKeys {
    private final SrtpProfile profile;
    private final byte[] clientWriteKey;
    private final byte[] serverWriteKey;
    private final byte[] clientWriteSalt;
    private final byte[] serverWriteSalt;

    public SrtpKeys(SrtpProfile profile, byte[] clientWriteKey, byte[] serverWriteKey,
                    byte[] clientWriteSalt, byte[] serverWriteSalt) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.clientWriteKey = checked(clientWriteKey, profile.keyLength(), "clientWriteKey");
        this.serverWriteKey = checked(serverWriteKey, profile.keyLength(), "serverWriteKey");
        this.clientWriteSalt = checked(clientWriteSalt, profile.saltLength(), "clientWriteSalt");
        this.serverWriteSalt = checked(serverWriteSalt, profile.saltLength(), "serverWriteSalt");
    }

    /**
     * Splits exported keying material laid out as RFC 5764 §4.2 prescribes:
     * client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt |
     * server_write_SRTP_master_salt.
     */
    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != keyingMaterialLength(profile)) {
            throw new IllegalArgumentException("keying material must be " + keyingMaterialLength(profile)
                + " bytes for " + profile + ", got " + material.length);
        }
        return new SrtpKeys(profile,
            Arrays.copyOfRange(material, 0, k),
            Arrays.copyOfRange(material, k, 2 * k),
            Arrays.copyOfRange(material, 2 * k, 2 * k + s),
            Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
    }

    /** How many bytes to export for a profile: two keys and two salts (RFC 5764 §4.2). */
    public static int keyingMaterialLength(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    public SrtpProfile profile() {
        return profile;
    }

    public byte[] clientWriteKey() {
        return clientWriteKey.clone();
    }

    public byte[] serverWriteKey() {
        return serverWriteKey.clone();
    }

    public byte[] clientWriteSalt() {
        return clientWriteSalt.clone();
    }

    public byte[] serverWriteSalt() {
        return serverWriteSalt.clone();
    }

    /** Key this role encrypts outbound packets with. */
    byte[] localKey(DtlsRole role) {
        return role == DtlsRole.CLIENT ? clientWriteKey() : serverWriteKey();
    }

    byte[] localSalt(DtlsRole role) {
        return role == DtlsRole.CLIENT ? clientWriteSalt() : serverWriteSalt();
    }

    /** Key this role decrypts inbound packets with: the peer's write key. */
    byte[] remoteKey(DtlsRole role) {
        return role == DtlsRole.CLIENT ? serverWriteKey() : clientWriteKey();
    }

    byte[] remoteSalt(DtlsRole role) {
        return role == DtlsRole.CLIENT ? serverWriteSalt() : clientWriteSalt();
    }

    private static byte[] checked(byte[] value, int length, String name) {
        Objects.requireNonNull(value, name);
        if (value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
        }
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeys other
            && profile == other.profile
            && MessageDigest.isEqual(clientWriteKey, other.clientWriteKey)
            && MessageDigest.isEqual(serverWriteKey, other.serverWriteKey)
            && MessageDigest.isEqual(clientWriteSalt, other.clientWriteSalt)
            && MessageDigest.isEqual(serverWriteSalt, other.serverWriteSalt);
    }

    @Override
    public int hashCode() {
        return profile.hashCode();
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }
}
