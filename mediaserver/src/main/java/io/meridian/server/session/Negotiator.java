package io.meridian.server.session;

import io.meridian.api.ApiException;
import io.meridian.api.SignalMessage;
import io.meridian.router.Conference;
import io.meridian.router.PublishedTrackSpec;
import io.meridian.router.RtxPayloadTypes;
import io.meridian.router.SimulcastSpec;
import io.meridian.router.TrackKind;
import io.meridian.router.TrackMaps;
import io.meridian.router.VideoCodec;
import io.meridian.sdp.ClientOfferResult;
import io.meridian.sdp.Codec;
import io.meridian.sdp.HeaderExtension;
import io.meridian.sdp.Offer;
import io.meridian.sdp.PublishedTrack;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SimulcastOffer;
import io.meridian.sdp.TrackMapping;
import io.netty.channel.EventLoop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each participant's SDP state and the router in step: published tracks become router streams, remote tracks
 * become server offers, and a receiver starts getting a track only once its answer accepted the offer that
 * announced it (before that the browser could not map the SSRC to a track). Callers hold the conference lock.
 */
final class Negotiator {
    /** Applied to every offer a client makes, its first included. */
    private final OfferFilter offers;
    private final OfferPacing pacing;

    Negotiator(OfferFilter offers, OfferPacing pacing) {
        this.offers = offers;
        this.pacing = pacing;
    }

    OfferFilter offers() {
        return offers;
    }

    void publish(ParticipantSession publisher, List<PublishedTrack> tracks, EventLoop loop) {
        Conference media = publisher.conference.media;
        for (PublishedTrack track : tracks) {
            PublishedTrackSpec spec = spec(track);
            loop.execute(() -> {
                if (publisher.leg != null && !media.publish(publisher.leg, spec)) {
                    org.slf4j.LoggerFactory.getLogger(Negotiator.class).warn(
                            "participant={} track={} ignored: its SSRC is already used in the conference",
                            publisher.id, spec.trackId());
                }
            });
        }
    }

    void unpublish(ParticipantSession publisher, List<PublishedTrack> tracks, EventLoop loop) {
        Conference media = publisher.conference.media;
        for (PublishedTrack track : tracks) {
            loop.execute(() -> {
                if (publisher.leg != null) {
                    media.unpublish(publisher.leg, track.trackId());
                }
            });
        }
    }

    void subscribeAll(ParticipantSession receiver, ParticipantSession publisher, List<PublishedTrack> tracks) {
        for (PublishedTrack track : tracks) {
            TrackMapping mapping = receiver.negotiation.addRemoteTrack(publisher.id, track);
            String key = publisher.id + "/" + track.trackId();
            receiver.subscriptions.put(key, new ParticipantSession.Subscription(key, publisher.id, track.trackId(),
                    (int) track.primarySsrc(), maps(mapping), "video".equals(track.kind())));
        }
    }

    /**
     * A WHEP viewer: the tracks its answer sends it (on its own m-lines) are sent at once, as no answer of its will
     * accept a server offer. With {@code follows} (no participant named), its video m-line, and its audio m-line
     * when it has only one, go on to follow the dominant speaker ({@link #follow}).
     */
    void view(ParticipantSession viewer, boolean follows, EventLoop loop) {
        List<TrackMapping> sent = viewer.negotiation.remoteTracks();
        long audioLines = sent.stream().filter(m -> "audio".equals(m.kind())).count();
        for (TrackMapping mapping : sent) {
            boolean video = "video".equals(mapping.kind());
            ParticipantSession.ViewSlot slot = new ParticipantSession.ViewSlot(mapping.receiverMid(), mapping.kind(),
                    (int) mapping.primarySsrc(), follows && (video || audioLines == 1));
            viewer.viewSlots.add(slot);
            sendOn(viewer, slot, mapping, loop);
        }
    }

    /**
     * The followers of the dominant speaker in {@code conference} (WHEP viewers who named no one) are sent
     * {@code speaker}'s tracks on their m-lines, each in its own numbering; a track it sends in a codec a viewer's
     * m-line does not receive is not. Caller holds the conference lock.
     */
    void follow(ConferenceSession conference, ParticipantSession speaker) {
        for (ParticipantSession viewer : conference.participants.values()) {
            if (viewer != speaker && !viewer.closed) {
                follow(viewer, speaker);
            }
        }
    }

    /**
     * Followers left with nothing on an m-line they follow on (its track's publisher left) are sent what a new
     * viewer would be: the dominant speaker's, or the first participant's who sends video. Conference lock.
     */
    void refollow(ConferenceSession conference) {
        ParticipantSession watched = ViewedTracks.watched(conference);
        for (ParticipantSession viewer : conference.participants.values()) {
            boolean bereft = viewer.viewSlots.stream()
                    .anyMatch(s -> s.follows && (s.key == null || !viewer.subscriptions.containsKey(s.key)));
            if (bereft && watched != null && watched != viewer) {
                follow(viewer, watched);
            }
        }
    }

    private void follow(ParticipantSession viewer, ParticipantSession publisher) {
        EventLoop loop = viewer.conference.loop.eventLoop();
        for (ParticipantSession.ViewSlot slot : viewer.viewSlots) {
            PublishedTrack track = !slot.follows ? null : publisher.publishedTracks().stream()
                    .filter(t -> slot.kind.equals(t.kind())).findFirst().orElse(null);
            if (track == null || (publisher.id + "/" + track.trackId()).equals(slot.key)
                    && viewer.subscriptions.containsKey(slot.key)) {
                continue;
            }
            TrackMapping mapping = viewer.negotiation.resend(slot.mid, publisher.id, track);
            if (mapping != null) {
                if (slot.key != null) {
                    viewer.subscriptions.remove(slot.key);
                    viewer.videoWishes.remove(slot.key);
                }
                sendOn(viewer, slot, mapping, loop);
            }
        }
    }

    /** Sends the track of {@code mapping} on the viewer's m-line {@code slot}, under the SSRC its answer named. */
    private static void sendOn(ParticipantSession viewer, ParticipantSession.ViewSlot slot, TrackMapping mapping,
                               EventLoop loop) {
        String key = mapping.publisherParticipantId() + "/" + mapping.trackId();
        ParticipantSession.Subscription s = new ParticipantSession.Subscription(key,
                mapping.publisherParticipantId(), mapping.trackId(), slot.ssrc, maps(mapping),
                "video".equals(mapping.kind()));
        viewer.subscriptions.put(key, s);
        slot.key = key;
        Conference media = viewer.conference.media;
        int next = (int) mapping.primarySsrc();
        loop.execute(() -> {
            if (viewer.leg != null) {
                media.resend(viewer.leg, slot.ssrc, next, s.maps());
            }
        });
    }

    void unsubscribeAll(ParticipantSession receiver, ParticipantSession publisher) {
        unsubscribe(receiver, publisher.id, publisher.publishedTracks());
    }

    private void unsubscribe(ParticipantSession receiver, String publisherId, List<PublishedTrack> tracks) {
        for (PublishedTrack track : tracks) {
            String key = publisherId + "/" + track.trackId();
            receiver.videoWishes.remove(key);
            if (receiver.subscriptions.remove(key) != null) {
                receiver.negotiation.removeRemoteTrack(publisherId, track.trackId());
            }
        }
    }

    /**
     * Offers the participant what changed, when its socket is open and no offer is in flight: at once after a quiet
     * spell, else with whatever else changes soon ({@link OfferPacing}).
     */
    void maybeOffer(ParticipantSession participant) {
        if (participant.events == null || participant.closed || !participant.negotiation.hasPendingChanges()) {
            return;
        }
        pacing.changed(participant, Negotiator::offerNow);
    }

    /** Sends the next server offer; false when one is in flight or nothing is pending. */
    private static boolean offerNow(ParticipantSession participant) {
        if (participant.events == null || participant.closed) {
            return false;
        }
        Optional<Offer> offer = participant.negotiation.createOffer();
        if (offer.isEmpty()) {
            return false;
        }
        participant.offeredSubscriptions = List.copyOf(participant.subscriptions.values());
        participant.events.send(SignalMessage.offer(offer.get().revision(), offer.get().sdp()));
        return true;
    }

    /**
     * The tallest frames a receiver may name (8K), the highest spatial layer (three: simulcast's and Chromium's SVC
     * modes' most), and the highest temporal layer (VP9's TID has 3 bits, RFC 9628 §4.2).
     */
    static final int MAX_HEIGHT = 4320;
    static final int MAX_SPATIAL_LAYER = 2;
    static final int MAX_TEMPORAL_LAYER = 7;

    void onMessage(ParticipantSession participant, SignalMessage message, EventLoop loop) {
        switch (message.type()) {
            case "answer", "offer" -> {
                if (message.revision() == null || message.sdp() == null) {
                    throw ApiException.badRequest("invalid_message",
                            "'" + message.type() + "' needs 'revision' and 'sdp'.");
                }
                if (message.type().equals("answer")) {
                    onAnswer(participant, message, loop);
                } else {
                    onClientOffer(participant, message, loop);
                }
            }
            case "receive-video" -> onReceiveVideo(participant, message, loop);
            case "last-n" -> onLastN(participant, message, loop);
            default -> throw ApiException.badRequest("unknown_type",
                    "Unknown message type '" + message.type() + "'; expected offer, answer, receive-video or last-n.");
        }
    }

    /** A receiver wants the video of at most {@code lastN} others, those who spoke last (negative: all). */
    private void onLastN(ParticipantSession participant, SignalMessage message, EventLoop loop) {
        if (message.lastN() == null) {
            throw ApiException.badRequest("invalid_message", "'last-n' needs 'lastN': how many others' video, by who "
                    + "spoke last; -1 for all.");
        }
        int n = Math.max(-1, message.lastN());
        Conference media = participant.conference.media;
        loop.execute(() -> {
            if (participant.leg != null) {
                media.lastN(participant.leg, n);
            }
        });
    }

    /**
     * A receiver's wishes for one remote video track: kept (a track subscribed later gets them too) and given to the
     * router, which picks the track's simulcast layer from them and from the receiver's downlink, or an SVC track's
     * spatial and temporal layers from them.
     */
    private void onReceiveVideo(ParticipantSession participant, SignalMessage message, EventLoop loop) {
        if (message.participantId() == null || message.trackId() == null) {
            throw ApiException.badRequest("invalid_message",
                    "'receive-video' needs 'participantId' and 'trackId' (the remote track's a=msid).");
        }
        int maxHeight = message.maxHeight() == null ? 0 : message.maxHeight();
        int maxLayer = message.maxSpatialLayer() == null ? Integer.MAX_VALUE : message.maxSpatialLayer();
        if (maxHeight < 0 || maxHeight > MAX_HEIGHT) {
            throw ApiException.badRequest("invalid_message", "'maxHeight' is a number of lines from 1 to "
                    + MAX_HEIGHT + ", or 0 for any.");
        }
        if (maxLayer < 0 || (message.maxSpatialLayer() != null && maxLayer > MAX_SPATIAL_LAYER)) {
            throw ApiException.badRequest("invalid_message", "'maxSpatialLayer' is 0 (the lowest) to "
                    + MAX_SPATIAL_LAYER + ".");
        }
        int maxTemporal = message.maxTemporalLayer() == null ? Integer.MAX_VALUE : message.maxTemporalLayer();
        if (maxTemporal < 0 || (message.maxTemporalLayer() != null && maxTemporal > MAX_TEMPORAL_LAYER)) {
            throw ApiException.badRequest("invalid_message", "'maxTemporalLayer' is 0 (the lowest) to "
                    + MAX_TEMPORAL_LAYER + ".");
        }
        String key = message.participantId() + "/" + message.trackId();
        ParticipantSession.Subscription subscription = participant.subscriptions.get(key);
        if (subscription == null || !subscription.video()) {
            throw ApiException.badRequest("unknown_track", "No video track '" + message.trackId()
                    + "' of participant '" + message.participantId() + "' is sent to you in this conference.");
        }
        ParticipantSession.VideoWish wish = new ParticipantSession.VideoWish(maxLayer, maxTemporal, maxHeight,
                Boolean.TRUE.equals(message.paused()));
        participant.videoWishes.put(key, wish);
        Conference media = participant.conference.media;
        loop.execute(() -> {
            if (participant.leg != null) {
                media.constrain(participant.leg, subscription.ssrc(), wish.maxSpatialLayer(),
                        wish.maxTemporalLayer(), wish.maxHeight(), wish.paused());
            }
        });
    }

    private void onAnswer(ParticipantSession participant, SignalMessage message, EventLoop loop) {
        try {
            participant.negotiation.applyAnswer(message.revision(), message.sdp());
        } catch (SdpException e) {
            throw SdpRefusals.of(e);
        }
        Conference media = participant.conference.media;
        for (ParticipantSession.Subscription s : participant.offeredSubscriptions) {
            if (participant.subscriptions.get(s.key()) == s) {
                ParticipantSession.VideoWish wish = participant.videoWishes.get(s.key());
                loop.execute(() -> {
                    if (participant.leg != null && media.subscribe(participant.leg, s.ssrc(), s.maps())
                            && wish != null) {
                        media.constrain(participant.leg, s.ssrc(), wish.maxSpatialLayer(),
                                wish.maxTemporalLayer(), wish.maxHeight(), wish.paused());
                    }
                });
            }
        }
        participant.offeredSubscriptions = List.of();
        maybeOffer(participant);
    }

    private void onClientOffer(ParticipantSession participant, SignalMessage message, EventLoop loop) {
        ClientOfferResult result;
        try {
            result = participant.negotiation.applyClientOffer(message.revision(), offers.apply(message.sdp()));
        } catch (SdpException e) {
            throw SdpRefusals.of(e);
        }
        participant.events.send(SignalMessage.answer(result.revision(), result.answerSdp()));
        unpublish(participant, result.removed(), loop);
        publish(participant, result.added(), loop);
        for (ParticipantSession other : participant.conference.participants.values()) {
            if (other == participant) {
                continue;
            }
            unsubscribe(other, participant.id, result.removed());
            subscribeAll(other, participant, result.added());
            maybeOffer(other);
        }
    }

    /** The router's tables: payload types 0..127 (UNMAPPED stays negative: drop), one-byte extension ids 1..14. */
    static TrackMaps maps(TrackMapping mapping) {
        byte[] pts = java.util.Arrays.copyOf(mapping.ptMap(), 128);
        byte[] ids = java.util.Arrays.copyOf(mapping.extMap(), 256);
        return new TrackMaps(pts, ids);
    }

    static PublishedTrackSpec spec(PublishedTrack track) {
        TrackKind kind = "video".equals(track.kind()) ? TrackKind.VIDEO : TrackKind.AUDIO;
        int[][] rtx = track.codecs().stream().filter(Codec::hasRtx).map(c -> new int[] {c.pt(), c.rtxPt()})
                .toArray(int[][]::new);
        Map<Integer, VideoCodec> codecs = new HashMap<>();
        track.codecs().forEach(c -> codecs.put(c.pt(), VideoCodec.named(c.name())));
        return new PublishedTrackSpec(track.trackId(), kind, (int) track.primarySsrc(), (int) track.rtxSsrc(),
                RtxPayloadTypes.of(rtx), simulcast(track), PublishedTrackSpec.codecTable(codecs));
    }

    /** The router's view of a simulcast track's layers: by rid with the element ids to find them, or by SSRC. */
    private static SimulcastSpec simulcast(PublishedTrack track) {
        SimulcastOffer offer = track.simulcast();
        if (offer == null) {
            return null;
        }
        if (offer.byRid()) {
            return SimulcastSpec.byRid(offer.rids(), track.mid(), track.extensionId(HeaderExtension.MID),
                    track.extensionId(HeaderExtension.RTP_STREAM_ID), track.extensionId(HeaderExtension.REPAIRED_RTP_STREAM_ID));
        }
        return SimulcastSpec.bySsrc(offer.ssrcLayers().stream().mapToInt(l -> (int) l.primarySsrc()).toArray(),
                offer.ssrcLayers().stream().mapToInt(l -> (int) l.rtxSsrc()).toArray());
    }
}
