package io.meridian.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Verifies API tokens ({@link ApiTokens}): HS256 only, signature checked by nimbus-jose-jwt's {@link MACVerifier},
 * {@code exp}, {@code sub} and {@code conf} required, {@code exp} no further ahead than the node's token lifetime
 * (a stolen token is good for that long at most, whatever its minter asked for). Every refusal is a {@code 401}
 * {@link ApiException} with code {@code missing_token}, {@code invalid_token}, {@code expired_token} or
 * {@code token_lifetime_too_long}. {@link #disabled()} (development mode without a secret) lets every caller in as
 * {@link Caller#DEVELOPMENT}.
 */
public final class ApiAuth {
    /** Tolerated clock difference between the token's issuer and this node. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** The longest lifetime of a token by default: as long as the longest {@code ./meridian token} mints. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofDays(30);
    private static final String BEARER = "bearer ";

    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration maxLifetime;

    private ApiAuth(MACVerifier verifier, Clock clock, Duration maxLifetime) {
        this.verifier = verifier;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    /** No authentication: development mode without a secret. */
    public static ApiAuth disabled() {
        return new ApiAuth(null, Clock.systemUTC(), DEFAULT_MAX_LIFETIME);
    }

    /**
     * Tokens signed with HS256 and {@code secret} (at least 32 bytes) are required, expiring at most
     * {@code maxLifetime} from now.
     */
    public static ApiAuth hs256(String secret, Duration maxLifetime) {
        return hs256(secret, Clock.systemUTC(), maxLifetime);
    }

    static ApiAuth hs256(String secret, Clock clock, Duration maxLifetime) {
        try {
            ApiTokens.requireSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auth secret: " + e.getMessage(), e);
        }
        try {
            return new ApiAuth(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)), clock, maxLifetime);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("auth secret unusable for HS256: " + e.getMessage(), e);
        }
    }

    /** {@code disabled()} when {@code secret} is empty, else {@code hs256(secret, maxLifetime)}. */
    public static ApiAuth of(Optional<String> secret, Duration maxLifetime) {
        return secret.map(s -> hs256(s, maxLifetime)).orElseGet(ApiAuth::disabled);
    }

    public boolean enabled() {
        return verifier != null;
    }

    /**
     * The caller presenting {@code authorization} (an HTTP Authorization header value) or, when that is absent,
     * {@code queryToken} (the {@code access_token} query parameter, only where headers cannot be set).
     */
    Caller authenticate(String authorization, String queryToken) {
        if (!enabled()) {
            return Caller.DEVELOPMENT;
        }
        String token;
        if (authorization != null) {
            if (authorization.length() <= BEARER.length()
                    || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw unauthorized("invalid_token", "The Authorization header must be 'Bearer <token>'.");
            }
            token = authorization.substring(BEARER.length()).trim();
        } else if (queryToken != null && !queryToken.isEmpty()) {
            token = queryToken;
        } else {
            throw unauthorized("missing_token", "This call needs 'Authorization: Bearer <token>'; mint one with "
                    + "'./meridian token'.");
        }
        return verify(token);
    }

    Caller verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw unauthorized("invalid_token", "The token is not a signed JWT.");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw unauthorized("invalid_token", "The token must be signed with HS256.");
        }
        boolean signed;
        try {
            signed = jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            signed = false;
        }
        if (!signed) {
            throw unauthorized("invalid_token", "The token's signature does not match this node's secret.");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthorized("invalid_token", "The token's claims are not a JSON object.");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw unauthorized("invalid_token", "The token has no expiry ('exp').");
        }
        if (!now.isBefore(exp.toInstant().plus(CLOCK_SKEW))) {
            throw unauthorized("expired_token", "The token expired at " + exp.toInstant() + "; mint a new one.");
        }
        // From now rather than from 'iat', which the minter chooses as freely as 'exp'.
        if (exp.toInstant().isAfter(now.plus(maxLifetime).plus(CLOCK_SKEW))) {
            throw unauthorized("token_lifetime_too_long", "The token expires at " + exp.toInstant() + ", more than "
                    + maxLifetime.toSeconds() + " s from now: this node accepts no longer-lived tokens (its setting "
                    + "limits.token-lifetime-seconds). Mint one with a shorter lifetime.");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw unauthorized("invalid_token", "The token is not valid before " + nbf.toInstant() + ".");
        }
        String identity = claims.getSubject();
        if (!ApiTokens.validIdentity(identity)) {
            throw unauthorized("invalid_token", "The token needs a 'sub' claim naming the participant identity.");
        }
        Object conference = claims.getClaim(ApiTokens.CONFERENCE_CLAIM);
        if (!(conference instanceof String conf) || !ApiTokens.validConference(conf)) {
            throw unauthorized("invalid_token", "The token needs a 'conf' claim: a conference id or '*'.");
        }
        Object operator = claims.getClaim(ApiTokens.OPERATOR_CLAIM);
        if (operator != null && !(operator instanceof Boolean)) {
            throw unauthorized("invalid_token", "The token's 'op' claim must be true or false.");
        }
        return new Caller(identity, conf, Boolean.TRUE.equals(operator), true);
    }

    static ApiException unauthorized(String code, String message) {
        return new ApiException(401, code, message);
    }
}
