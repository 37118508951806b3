package io.meridian.server.session;

import io.meridian.sdp.SdpLimits;

/**
 * The limits a join and a renegotiation are held to, each a node setting.
 *
 * @param participantsPerConference a join past it is {@code 429 conference_full}
 * @param conferencesPerNode        a join that would start one more conference is {@code 429 too_many_conferences}
 * @param sdp                       bounds of every SDP a client sends, tracks per participant included
 *                                  ({@code 413}, see {@link SdpRefusals})
 */
public record AdmissionLimits(int participantsPerConference, int conferencesPerNode, SdpLimits sdp) {
    /** No bound on participants or conferences, and the default SDP bounds: for managers in tests of other things. */
    public static final AdmissionLimits UNCOUNTED = new AdmissionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            SdpLimits.DEFAULT);
}
