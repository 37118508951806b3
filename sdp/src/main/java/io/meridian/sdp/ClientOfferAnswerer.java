package io.meridian.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Answers a client offer against a participant's m-lines: the server receives whatever the client sends with an
 * accepted codec, and sends on its own m-lines whatever it has for the client if the client receives there.
 * Checking happens before any change, so a refused offer leaves the session as it was.
 */
final class ClientOfferAnswerer {
    private final List<MediaSlot> slots;
    private final ClientOffer offer;
    private final List<MediaSlot> targets = new ArrayList<>();
    private final List<PublishedTrack> added = new ArrayList<>();
    private final List<PublishedTrack> removed = new ArrayList<>();
    private final List<TrackMapping> declined = new ArrayList<>();
    private final List<DescriptionWriter.Section> sections = new ArrayList<>();
    private final LongSupplier newSsrc;

    /**
     * Matches the offer's m-lines to the slots the client knows. Those slots are a prefix of {@code slots}
     * (slots the client has not seen yet are only ever appended). RFC 8829 §5.2.2: an offer keeps every m-line
     * in place; only a rejected one may be recycled, under a new mid.
     */
    ClientOfferAnswerer(List<MediaSlot> slots, ClientOffer offer, LongSupplier newSsrc) throws SdpException {
        this.newSsrc = newSsrc;
        this.slots = slots;
        this.offer = offer;
        List<MediaSlot> known = slots.stream().filter(s -> s.offered).toList();
        if (offer.media().size() < known.size()) {
            throw invalid("it has " + offer.media().size() + " m-lines but the session has " + known.size()
                    + "; m-lines are never removed (RFC 8829 §5.2.2)");
        }
        for (OfferedMedia media : offer.media()) {
            MediaSlot slot = media.index() < known.size() ? known.get(media.index()) : null;
            boolean same = slot != null && Objects.equals(slot.mid, media.mid()) && slot.kind.equals(media.kind());
            if (slot != null && !same && !slot.rejected) {
                throw invalid("m-line " + media.index() + " should be " + slot.kind + " with mid " + slot.mid);
            }
            if (!same && media.mid() != null && slots.stream().anyMatch(s -> media.mid().equals(s.mid))) {
                throw invalid("the new m-line " + media.index() + " reuses the mid " + media.mid());
            }
            targets.add(same ? slot : new MediaSlot(media.mid(), media.kind(), false));
        }
    }

    /** Applies the offer to the slots and returns the answer's m-lines; fills the change lists. */
    List<DescriptionWriter.Section> apply() {
        int knownCount = (int) slots.stream().filter(s -> s.offered).count();
        List<MediaSlot> unseen = new ArrayList<>(slots.subList(knownCount, slots.size()));
        slots.clear();
        slots.addAll(targets);
        slots.addAll(unseen);
        for (OfferedMedia media : offer.media()) {
            sections.add(update(targets.get(media.index()), media));
        }
        return sections;
    }

    private DescriptionWriter.Section update(MediaSlot slot, OfferedMedia media) {
        slot.offered = true;
        PublishedTrack track = receiverSsrcs(media.publishedTrack(), slot.published);
        if (!PublishedTrack.sameSourceOrBothNull(slot.published, track)) {
            if (slot.published != null) {
                removed.add(slot.published);
            }
            if (track != null) {
                added.add(track);
            }
        }
        slot.published = track;
        if (!media.accepted()) {
            slot.rejected = true;
            slot.proto = media.proto();
            slot.rejectedFormats = media.formats();
            if (slot.sending != null) {
                declined.add(slot.sending.mapping());
                slot.sending = null;
            }
            slot.lastOfferedSending = slot.sending;
            return new DescriptionWriter.Section(slot.mid, slot.kind, true, media.proto(), media.formats(),
                    Direction.INACTIVE, List.of(), List.of(), null, false);
        }
        slot.rejected = false;
        slot.codecs = media.codecs();
        slot.extensions = media.extensions();
        slot.rtcpRsize = media.rtcpRsize();
        boolean sends = slot.sending != null && media.direction().receives();
        if (slot.sending != null && !sends) {
            declined.add(slot.sending.mapping());
        }
        slot.lastOfferedSending = slot.sending;
        return new DescriptionWriter.Section(slot.mid, slot.kind, false, media.proto(), media.formats(),
                Direction.of(sends, track != null), slot.codecs, slot.extensions, slot.sending, slot.rtcpRsize,
                DescriptionWriter.Section.ridsOf(track));
    }

    /**
     * A simulcast track with the SSRCs receivers see: those it had when a re-offer leaves it as it was (so nothing
     * changes for them), else new ones, and an RTX SSRC when a codec has RTX.
     */
    private PublishedTrack receiverSsrcs(PublishedTrack track, PublishedTrack earlier) {
        if (track == null || track.simulcast() == null) {
            return track;
        }
        if (earlier != null && earlier.simulcast() != null && earlier.withReceiverSsrcs(0, 0).equals(track)) {
            return earlier;
        }
        long primary = newSsrc.getAsLong();
        long rtx;
        do {
            rtx = track.codecs().stream().anyMatch(Codec::hasRtx) ? newSsrc.getAsLong() : 0;
        } while (rtx == primary);
        return track.withReceiverSsrcs(primary, rtx);
    }

    List<PublishedTrack> added() {
        return added;
    }

    List<PublishedTrack> removed() {
        return removed;
    }

    List<TrackMapping> declined() {
        return declined;
    }

    private static SdpException invalid(String why) {
        return new SdpException("invalid_renegotiation", "The offer does not continue this session: " + why + ".");
    }
}
