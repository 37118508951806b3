package io.meridian.api;

/** Who may call what (API.md, "Authentication"): each check throws the 403 the API promises. */
final class Access {
    private Access() {
    }

    static void requireConference(Caller caller, String conferenceId) {
        if (!caller.covers(conferenceId)) {
            throw new ApiException(403, "forbidden_conference", "This token is for conference '"
                    + caller.conference() + "', not '" + conferenceId + "'.");
        }
    }

    /** Operator rights over one conference: {@code op} and a {@code conf} covering it. */
    static void requireOperator(Caller caller, String conferenceId) {
        if (!caller.operator()) {
            throw operatorRequired();
        }
        requireConference(caller, conferenceId);
    }

    /** Operator rights over the whole node (list every conference, drain): {@code op} and {@code conf} {@code *}. */
    static void requireNodeOperator(Caller caller) {
        if (!caller.operator()) {
            throw operatorRequired();
        }
        if (!Caller.ANY_CONFERENCE.equals(caller.conference())) {
            throw new ApiException(403, "forbidden_conference", "This operator token is limited to conference '"
                    + caller.conference() + "'; node-wide calls need a token for conference '*'.");
        }
    }

    static ApiException operatorRequired() {
        return new ApiException(403, "operator_required", "This call needs a token with operator rights ('op').");
    }

    static ApiException notYours(String participantId) {
        return new ApiException(403, "not_your_participant",
                "Participant '" + participantId + "' joined with another identity than this token's.");
    }
}
