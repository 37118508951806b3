package io.meridian.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One events-socket message (API.md, "Renegotiation"). {@code type} is one of offer, answer, participant-joined,
 * participant-left, dominant-speaker, error, and from the client receive-video (what it wants of one remote video track: at most
 * {@code maxHeight} lines, at most spatial (simulcast or SVC) layer {@code maxSpatialLayer}, at most temporal layer
 * {@code maxTemporalLayer}, or {@code paused}); the other fields are
 * present as the type needs; last-n (from the client: the video of at most {@code lastN} others, those who spoke
 * last; negative: all); from the server layers-needed (to a simulcast publisher: send only the lowest {@code layers}
 * layers of track {@code trackId}, whose rids are {@code rids}; the others nobody wants now).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalMessage(String type, Integer revision, String sdp, String participantId, String displayName,
                            String code, String message, String trackId, Integer maxHeight, Integer maxSpatialLayer,
                            Boolean paused, Integer lastN, Integer maxTemporalLayer, java.util.List<String> rids,
                            Integer layers) {

    public SignalMessage(String type, Integer revision, String sdp, String participantId, String displayName,
                         String code, String message) {
        this(type, revision, sdp, participantId, displayName, code, message, null, null, null, null, null, null, null,
                null);
    }

    /** The conference's dominant speaker is now {@code participantId}. */
    public static SignalMessage dominantSpeaker(String participantId) {
        return new SignalMessage("dominant-speaker", null, null, participantId, null, null, null);
    }

    /** A client's wishes for one remote video track (the receive-video message). */
    public static SignalMessage receiveVideo(String participantId, String trackId, Integer maxHeight,
                                             Integer maxSpatialLayer, Integer maxTemporalLayer, Boolean paused) {
        return new SignalMessage("receive-video", null, null, participantId, null, null, null, trackId, maxHeight,
                maxSpatialLayer, paused, null, maxTemporalLayer, null, null);
    }

    /** To a simulcast publisher: receivers want only the lowest {@code layers} layers of {@code trackId}. */
    public static SignalMessage layersNeeded(String trackId, java.util.List<String> rids, int layers) {
        return new SignalMessage("layers-needed", null, null, null, null, null, null, trackId, null, null, null, null,
                null, rids.isEmpty() ? null : rids, layers);
    }

    public static SignalMessage offer(int revision, String sdp) {
        return new SignalMessage("offer", revision, sdp, null, null, null, null);
    }

    public static SignalMessage answer(int revision, String sdp) {
        return new SignalMessage("answer", revision, sdp, null, null, null, null);
    }

    public static SignalMessage participantJoined(String participantId, String displayName) {
        return new SignalMessage("participant-joined", null, null, participantId, displayName, null, null);
    }

    public static SignalMessage participantLeft(String participantId, String displayName) {
        return new SignalMessage("participant-left", null, null, participantId, displayName, null, null);
    }

    public static SignalMessage error(String code, String message, Integer revision) {
        return new SignalMessage("error", revision, null, null, null, code, message);
    }
}
