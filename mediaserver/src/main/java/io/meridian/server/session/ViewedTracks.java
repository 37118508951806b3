package io.meridian.server.session;

import io.meridian.api.ApiException;
import io.meridian.router.Leg;
import io.meridian.sdp.ParticipantNegotiation.ViewedTrack;
import io.meridian.sdp.PublishedTrack;

import java.util.ArrayList;
import java.util.List;

/**
 * What a WHEP viewer is offered to watch, best first (each track goes on the viewer's first free m-line of its
 * kind): the video and audio of the participant it named, or else of the dominant speaker, or else of the first
 * participant who sends video; then everyone else's audio, for viewers that offer more audio m-lines.
 */
final class ViewedTracks {
    private ViewedTracks() {
    }

    /** Caller holds the conference lock. */
    static List<ViewedTrack> of(ConferenceSession conference, String named) {
        ParticipantSession watched = named != null ? named(conference, named) : watched(conference);
        List<ViewedTrack> tracks = new ArrayList<>();
        if (watched != null) {
            add(tracks, watched, "video");
            add(tracks, watched, "audio");
        }
        for (ParticipantSession other : conference.participants.values()) {
            if (other != watched) {
                add(tracks, other, "audio");
            }
        }
        return tracks;
    }

    private static ParticipantSession named(ConferenceSession conference, String id) {
        ParticipantSession p = conference.participants.get(id);
        if (p == null) {
            throw new ApiException(404, "unknown_participant", "Conference '" + conference.id
                    + "' has no participant '" + id + "' to watch.");
        }
        return p;
    }

    /** Whom a viewer who names no one watches: the dominant speaker, else the first who sends video; or null. */
    static ParticipantSession watched(ConferenceSession conference) {
        Leg speaker = conference.media.dominantSpeaker(); // a racy read of the conference loop's: a hint is enough
        ParticipantSession dominant = speaker == null ? null : conference.participants.get(speaker.participantId());
        if (dominant != null && sendsVideo(dominant)) {
            return dominant;
        }
        return conference.participants.values().stream().filter(ViewedTracks::sendsVideo).findFirst()
                .orElse(dominant);
    }

    private static boolean sendsVideo(ParticipantSession p) {
        return p.publishedTracks().stream().anyMatch(t -> "video".equals(t.kind()));
    }

    private static void add(List<ViewedTrack> tracks, ParticipantSession p, String kind) {
        for (PublishedTrack track : p.publishedTracks()) {
            if (kind.equals(track.kind())) {
                tracks.add(new ViewedTrack(p.id, track));
            }
        }
    }
}
