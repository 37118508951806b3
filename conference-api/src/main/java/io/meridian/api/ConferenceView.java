package io.meridian.api;

import java.time.Instant;
import java.util.List;

/**
 * An operator's view of one conference.
 *
 * @param lastN           each participant is sent the video of at most this many others (-1: everyone)
 * @param dominantSpeaker the participant speaking now, null until someone has
 */
public record ConferenceView(String conferenceId, String region, String node, Instant createdAt,
                             List<ParticipantView> participants, int lastN, String dominantSpeaker) {
}
