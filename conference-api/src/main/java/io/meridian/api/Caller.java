package io.meridian.api;

/**
 * Who is calling the API, from a verified token: the participant identity ({@code sub}), the conference the token
 * is limited to ({@code conf}, or {@code *} for any) and whether it may operate ({@code op}). In development mode
 * without a secret every caller is {@link #DEVELOPMENT}: no identity, any conference, operator.
 */
public record Caller(String identity, String conference, boolean operator, boolean authenticated) {

    public static final String ANY_CONFERENCE = "*";

    /** The caller when authentication is off (development mode without a secret). */
    public static final Caller DEVELOPMENT = new Caller(null, ANY_CONFERENCE, true, false);

    /** Whether this token covers {@code conferenceId}. */
    public boolean covers(String conferenceId) {
        return ANY_CONFERENCE.equals(conference) || conference.equals(conferenceId);
    }

    /** Whether this caller is the owner of a participant that joined with {@code participantIdentity}. */
    public boolean owns(String participantIdentity) {
        return !authenticated || (identity != null && identity.equals(participantIdentity));
    }
}
