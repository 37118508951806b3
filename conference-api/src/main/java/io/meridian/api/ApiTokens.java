package io.meridian.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints API tokens: HS256-signed JWTs (RFC 7519) with {@code sub} (participant identity), {@code conf} (conference id
 * or {@code *}), {@code op} (operator rights), {@code iat} and {@code exp}. Signing is nimbus-jose-jwt's.
 */
public final class ApiTokens {
    public static final String CONFERENCE_CLAIM = "conf";
    public static final String OPERATOR_CLAIM = "op";
    /** HS256 needs a key of at least 256 bits (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Longest accepted identity ({@code sub}). */
    public static final int MAX_IDENTITY_LENGTH = 256;

    private ApiTokens() {
    }

    /**
     * @throws IllegalArgumentException naming the problem when an argument is unusable
     */
    public static String mint(String secret, String identity, String conference, boolean operator, Duration ttl,
                              Instant now) {
        requireSecret(secret);
        requireIdentity(identity);
        requireConference(conference);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the token lifetime must be positive");
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(identity)
                .claim(CONFERENCE_CLAIM, conference)
                .claim(OPERATOR_CLAIM, operator)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign the token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    static void requireSecret(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
    }

    static boolean validIdentity(String identity) {
        return identity != null && !identity.isBlank() && identity.length() <= MAX_IDENTITY_LENGTH
                && identity.chars().noneMatch(Character::isISOControl);
    }

    static void requireIdentity(String identity) {
        if (!validIdentity(identity)) {
            throw new IllegalArgumentException("the identity must be 1 to " + MAX_IDENTITY_LENGTH
                    + " characters without control characters");
        }
    }

    static boolean validConference(String conference) {
        if (Caller.ANY_CONFERENCE.equals(conference)) {
            return true;
        }
        try {
            Ids.require("conference", conference);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    static void requireConference(String conference) {
        if (!validConference(conference)) {
            throw new IllegalArgumentException("the conference must be '*' or 1 to 64 characters of A-Z, a-z, 0-9, "
                    + "'_' or '-'");
        }
    }
}
