package io.meridian.sdp;

import java.util.List;
import java.util.Objects;

/**
 * What the media node contributes to every description it writes: its ICE credentials for this participant, the
 * SHA-256 fingerprint of its DTLS certificate (RFC 8842 §5) and its host candidates.
 */
public record LocalTransport(IceParameters ice, String fingerprintSha256, List<Candidate> candidates) {

    public LocalTransport {
        Objects.requireNonNull(ice, "ice");
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("an ICE-lite node needs at least one host candidate");
        }
        if (fingerprintSha256 == null || !Fingerprint.isSha256Value(fingerprintSha256)) {
            throw new IllegalArgumentException("fingerprint must be 32 colon-separated hex bytes (sha-256)");
        }
        fingerprintSha256 = fingerprintSha256.toUpperCase(java.util.Locale.ROOT);
    }
}
