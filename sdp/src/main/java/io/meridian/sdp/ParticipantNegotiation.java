package io.meridian.sdp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The offer/answer state of one participant (RFC 8829). The client's join offer is answered at once; afterwards
 * the server offers m-lines carrying other participants' tracks and answers the client's own re-offers.
 *
 * <p>Revisions: one counter per participant numbers every offer from either side; the join offer is revision 0.
 * A server offer takes the next number; a client offer must carry a number above the last one used.
 *
 * <p>Offer collisions (both sides offering at once): the server never rolls back. While a server offer is in
 * flight a client offer is refused with {@code offer_collision}; the client is the polite peer: it rolls back,
 * answers the server's offer, then sends its offer again with a new revision.
 *
 * <p>Not thread-safe: the caller serialises calls, typically on the conference's event loop.
 */
public final class ParticipantNegotiation {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DescriptionWriter writer;
    /** Bounds every description the client sends in this session. */
    private final SdpLimits limits;
    private final IceParameters remoteIce;
    private final Fingerprint remoteFingerprint;
    private final ReceiverCatalogue catalogue = new ReceiverCatalogue();
    /** Every m-line, in order; those the client has not seen yet are at the end. */
    private final List<MediaSlot> slots = new ArrayList<>();
    private boolean extmapAllowMixed;
    private boolean rtcpRsize;
    private int revision;
    private long version;
    private int nextServerMid;
    private InFlight inFlight;
    private String answerSdp;

    private record InFlight(int revision, List<DescriptionWriter.Section> sections) {
    }

    private ParticipantNegotiation(LocalTransport local, ClientOffer offer, SdpLimits limits) {
        this.limits = limits;
        // RFC 8866 §5.2: sess-id is a numeric string; a positive 62-bit value stays clear of signed overflow.
        this.writer = new DescriptionWriter(local, RANDOM.nextLong() >>> 2);
        this.remoteIce = offer.ice();
        this.remoteFingerprint = offer.fingerprint();
    }

    /** Checks and answers a join offer within the default {@link SdpLimits}. */
    public static ParticipantNegotiation fromOffer(String offerSdp, LocalTransport local) throws SdpException {
        return fromOffer(offerSdp, local, SdpLimits.DEFAULT);
    }

    /**
     * Checks and answers a join offer; {@code limits} bound it and every later description of the client. Throws
     * before building anything if the offer cannot be accepted.
     */
    public static ParticipantNegotiation fromOffer(String offerSdp, LocalTransport local, SdpLimits limits)
            throws SdpException {
        ClientOffer offer = ClientOffer.parse(offerSdp, limits);
        limits.checkPublishedTracks(offer);
        if (!offer.hasUsableMedia()) {
            throw new SdpException("no_usable_codec", "No m-line offers a codec the SFU forwards "
                    + "(audio: opus/48000/2; video: VP8, VP9, AV1, H264 with packetization-mode=1).");
        }
        ParticipantNegotiation negotiation = new ParticipantNegotiation(local, offer, limits);
        negotiation.answer(0, offer);
        return negotiation;
    }

    /** The answer to the latest client offer (at first, the join offer). */
    public String answerSdp() {
        return answerSdp;
    }

    /** The client's tracks being received now. */
    public List<PublishedTrack> publishedTracks() {
        return slots.stream().filter(s -> s.published != null).map(s -> s.published).toList();
    }

    /** Mappings of the other participants' tracks this participant is (to be) sent. */
    public List<TrackMapping> remoteTracks() {
        return slots.stream().filter(s -> s.sending != null).map(s -> s.sending.mapping()).toList();
    }

    public IceParameters remoteIce() {
        return remoteIce;
    }

    /** The client's DTLS certificate fingerprint (sha-256 value, upper-case hex with colons). */
    public String remoteFingerprint() {
        return remoteFingerprint.value();
    }

    /** The last revision used by either side. */
    public int revision() {
        return revision;
    }

    /**
     * Plans sending another participant's track to this one and returns how to relabel its packets. The m-line
     * lists, in this client's payload types and extension ids, the codecs and extensions the publisher negotiated.
     * An inactive server m-line of the same kind that the client already knows is reused before a new one is
     * added. Takes effect for the client with the next {@link #createOffer()}.
     */
    public TrackMapping addRemoteTrack(String publisherParticipantId, PublishedTrack track) {
        if (slots.stream().anyMatch(s -> s.sending != null && s.sending.is(publisherParticipantId, track.trackId()))) {
            throw new IllegalStateException("track " + publisherParticipantId + "/" + track.trackId() + " already added");
        }
        byte[] ptMap = new byte[256];
        Arrays.fill(ptMap, TrackMapping.UNMAPPED);
        List<Codec> codecs = new ArrayList<>();
        for (Codec published : track.codecs()) {
            Codec mine = catalogue.receiverCodec(track.kind(), published);
            if (mine != null) {
                codecs.add(mine);
                ptMap[published.pt()] = (byte) mine.pt();
                if (published.hasRtx() && mine.hasRtx()) {
                    ptMap[published.rtxPt()] = (byte) mine.rtxPt();
                }
            }
        }
        if (codecs.isEmpty()) {
            throw new IllegalStateException("no payload type left in this session for " + track.kind());
        }
        byte[] extMap = new byte[16];
        List<HeaderExtension> extensions = new ArrayList<>();
        for (HeaderExtension published : track.extensions()) {
            if (CodecPolicy.SIMULCAST_EXTENSIONS.contains(published.uri())) {
                continue; // they name the publisher's layers; a receiver gets one stream without them
            }
            int id = catalogue.extensionId(published.uri(), published.id());
            if (id != 0) {
                extensions.add(new HeaderExtension(id, published.uri()));
                extMap[published.id()] = (byte) id;
            }
        }
        MediaSlot slot = slots.stream().filter(s -> s.reusableFor(track.kind())).findFirst().orElseGet(() -> {
            MediaSlot created = new MediaSlot(nextServerMid(), track.kind(), true);
            created.rtcpRsize = rtcpRsize;
            slots.add(created);
            return created;
        });
        TrackMapping mapping = new TrackMapping(publisherParticipantId, track.trackId(), track.kind(), slot.mid,
                track.primarySsrc(), track.rtxSsrc(), ptMap, extMap);
        slot.sendTrack(new RemoteTrack(publisherParticipantId, track, mapping, codecs, extensions));
        return mapping;
    }

    /**
     * Stops sending a track. Its m-line becomes inactive with the next offer: JSEP never removes m-lines
     * (RFC 8829 §5.2.2). An m-line the client has not seen yet is simply dropped. Unknown tracks are ignored.
     */
    public void removeRemoteTrack(String publisherParticipantId, String trackId) {
        for (MediaSlot slot : List.copyOf(slots)) {
            if (slot.sending != null && slot.sending.is(publisherParticipantId, trackId)) {
                slot.sending = null;
                if (!slot.offered) {
                    slots.remove(slot);
                }
            }
        }
    }

    /** Whether something changed that the client has not been offered yet. */
    public boolean hasPendingChanges() {
        return slots.stream().anyMatch(MediaSlot::pending);
    }

    /** A server offer with all pending changes, unless there are none or an offer is already in flight. */
    public Optional<Offer> createOffer() {
        if (inFlight != null || !hasPendingChanges()) {
            return Optional.empty();
        }
        List<DescriptionWriter.Section> sections = new ArrayList<>();
        for (MediaSlot slot : slots) {
            slot.offered = true;
            slot.lastOfferedSending = slot.sending;
            if (slot.rejected) {
                sections.add(new DescriptionWriter.Section(slot.mid, slot.kind, true, slot.proto,
                        slot.rejectedFormats, Direction.INACTIVE, List.of(), List.of(), null, false));
            } else {
                Direction direction = Direction.of(slot.sending != null, slot.published != null);
                sections.add(new DescriptionWriter.Section(slot.mid, slot.kind, false, slot.proto, List.of(),
                        direction, slot.codecs, slot.extensions, slot.sending, slot.rtcpRsize,
                        DescriptionWriter.Section.ridsOf(slot.published)));
            }
        }
        revision++;
        inFlight = new InFlight(revision, List.copyOf(sections));
        return Optional.of(new Offer(revision, write(sections, true)));
    }

    /**
     * Applies the client's answer to the server offer in flight. On error nothing changes and the offer stays in
     * flight; a client that cannot answer it properly should be disconnected.
     */
    public AnswerResult applyAnswer(int answeredRevision, String answer) throws SdpException {
        if (inFlight == null) {
            throw new SdpException("unexpected_answer", "There is no server offer waiting for an answer.");
        }
        if (answeredRevision != inFlight.revision()) {
            throw new SdpException("stale_revision", "The answer is for revision " + answeredRevision
                    + " but the server offer in flight is revision " + inFlight.revision() + ".");
        }
        AnswerCheck.Outcome outcome = AnswerCheck.check(SessionDescription.parse(answer, limits), inFlight.sections(),
                remoteIce, remoteFingerprint);
        List<TrackMapping> declined = new ArrayList<>();
        List<PublishedTrack> removed = new ArrayList<>();
        for (int index : outcome.rejected()) {
            DescriptionWriter.Section section = inFlight.sections().get(index);
            MediaSlot slot = slots.get(index);
            slot.rejected = true;
            slot.rejectedFormats = section.codecs().stream().flatMap(c -> c.formats().stream()).toList();
            if (section.sending() != null) {
                declined.add(section.sending().mapping());
            }
            if (slot.sending == section.sending()) {
                slot.sending = null;
                slot.lastOfferedSending = null;
            }
            if (slot.published != null) {
                removed.add(slot.published);
                slot.published = null;
            }
        }
        for (int index : outcome.notReceiving()) {
            declined.add(inFlight.sections().get(index).sending().mapping());
        }
        inFlight = null;
        return new AnswerResult(declined, removed);
    }

    /**
     * Answers a client re-offer. New client m-lines are received; server m-lines keep their server direction.
     * Refused with {@code offer_collision} while a server offer is in flight (see the class comment).
     */
    public ClientOfferResult applyClientOffer(int offerRevision, String offerSdp) throws SdpException {
        if (inFlight != null) {
            throw new SdpException("offer_collision", "The server offer of revision " + inFlight.revision()
                    + " is in flight: roll back, answer it, then send this offer again with a higher revision.");
        }
        if (offerRevision <= revision) {
            throw new SdpException("stale_revision", "The offer has revision " + offerRevision
                    + " but revision " + revision + " has already been used.");
        }
        ClientOffer offer = ClientOffer.parse(offerSdp, limits);
        limits.checkPublishedTracks(offer);
        if (!offer.ice().equals(remoteIce)) {
            throw new SdpException("invalid_renegotiation", "The offer changes the ICE credentials; "
                    + "ICE restarts are not supported, rejoin instead.");
        }
        if (!offer.fingerprint().equals(remoteFingerprint)) {
            throw new SdpException("invalid_renegotiation", "The offer changes the DTLS fingerprint; "
                    + "a new DTLS association needs a new join.");
        }
        return answer(offerRevision, offer);
    }

    private ClientOfferResult answer(int offerRevision, ClientOffer offer) throws SdpException {
        ClientOfferAnswerer answerer = new ClientOfferAnswerer(slots, offer, ParticipantNegotiation::newSsrc);
        List<DescriptionWriter.Section> sections = answerer.apply();
        catalogue.learn(offer);
        extmapAllowMixed = offer.extmapAllowMixed();
        rtcpRsize |= offer.media().stream().anyMatch(OfferedMedia::rtcpRsize);
        revision = offerRevision;
        answerSdp = write(sections, false);
        return new ClientOfferResult(offerRevision, answerSdp, answerer.added(), answerer.removed(),
                answerer.declined());
    }

    private String write(List<DescriptionWriter.Section> sections, boolean offer) {
        version++;
        return writer.write(version, sections, offer, extmapAllowMixed).toString();
    }

    /** An SSRC for a simulcast track as receivers see it (RFC 3550 §8.1: random); never 0. */
    private static long newSsrc() {
        long ssrc;
        do {
            ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
        } while (ssrc == 0);
        return ssrc;
    }

    /** Server mids are "s0", "s1", ...: browsers number their own mids, so the two never meet in practice. */
    private String nextServerMid() {
        String mid;
        do {
            mid = "s" + nextServerMid++;
        } while (slots.stream().map(s -> s.mid).anyMatch(mid::equals));
        return mid;
    }
}
