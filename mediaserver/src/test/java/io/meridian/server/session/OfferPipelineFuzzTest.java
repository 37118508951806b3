package io.meridian.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.router.Conference;
import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.MediaCounters;
import io.meridian.router.MediaListener;
import io.meridian.router.PublishedTrackSpec;
import io.meridian.router.Negotiated;
import io.meridian.router.registry.DefaultStages;
import io.meridian.sdp.Candidate;
import io.meridian.sdp.HeaderExtension;
import io.meridian.sdp.IceParameters;
import io.meridian.sdp.LocalTransport;
import io.meridian.sdp.Offer;
import io.meridian.sdp.ParticipantNegotiation;
import io.meridian.sdp.PublishedTrack;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzz target: what the node runs on a client's join offer, without a server: the operator's {@link OfferFilter}
 * (with transport-cc on, then off), the negotiation's answer, the {@link NegotiatedFeatures} the router installs
 * stages for, each published track made a router stream ({@code Negotiator.spec}), and another participant
 * (a scripted peer's offer) subscribed to every one of them, its server offer written and answered. Whatever the
 * offer, the only refusal is an SdpException; with transport-cc off, neither the answer nor the features have it;
 * every track publishes but for one reusing an SSRC of another, every track reaches the other participant, whose server offer parses and whose answer to it is
 * accepted; and the conference, once its legs are gone, keeps no buffer.
 */
class OfferPipelineFuzzTest {
    private static final String FINGERPRINT =
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
    private static final LocalTransport LOCAL = new LocalTransport(
            new IceParameters("srvU", "serverPassword0123456789"), FINGERPRINT,
            List.of(new Candidate("203.0.113.10", 10000)));
    private static final PeerIdentity BOB = new PeerIdentity("bobU", "bobPasswordOf24Characters", "bob-cname",
            "bob-stream", "bob-audio", "bob-video", 7001, 7002, 7003);
    private static final String BOB_OFFER = PeerSdp.joinOffer(BOB, FINGERPRINT, false);

    @FuzzTest
    void offer(byte[] data) throws SdpException {
        String text = new String(data, StandardCharsets.UTF_8);
        for (OfferFilter filter : List.of(OfferFilter.NONE, OfferFilter.WITHOUT_TRANSPORT_CC)) {
            ParticipantNegotiation alice;
            try {
                alice = ParticipantNegotiation.fromOffer(filter.apply(text), LOCAL);
            } catch (SdpException refused) {
                continue;
            }
            Negotiated negotiated = NegotiatedFeatures.of(alice.answerSdp());
            if (filter == OfferFilter.WITHOUT_TRANSPORT_CC) {
                assertFalse(negotiated.features().contains(Feature.TRANSPORT_CC), "transport-cc negotiated while off");
                assertFalse(alice.answerSdp().lines().anyMatch(OfferPipelineFuzzTest::transportCc),
                        "the answer negotiates transport-cc while it is off");
            }
            conference(alice, negotiated);
        }
    }

    /** RFC 8285 §8 {@code a=extmap:<id> <uri>}, RFC 4585 §4.2 {@code a=rtcp-fb:<pt> <type>}, for transport-cc. */
    private static boolean transportCc(String line) {
        String[] words = line.split(" ");
        return words.length == 2 && (line.startsWith("a=extmap:") && words[1].equals(HeaderExtension.TRANSPORT_WIDE_CC)
                || line.startsWith("a=rtcp-fb:") && words[1].equals("transport-cc"));
    }

    /** Alice's tracks published in a conference and sent to Bob, as the node does when both have joined. */
    private static void conference(ParticipantNegotiation alice, Negotiated negotiated) throws SdpException {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        Conference media = new Conference("c", new MediaCounters(), alloc, () -> 0L, DefaultStages.registry(),
                MediaListener.NONE);
        Leg aliceLeg = media.addLeg("alice", ByteBuf::release, negotiated);
        ParticipantNegotiation bob = ParticipantNegotiation.fromOffer(BOB_OFFER, LOCAL);
        Leg bobLeg = media.addLeg("bob", ByteBuf::release, NegotiatedFeatures.of(bob.answerSdp()));
        Set<Integer> used = new HashSet<>();
        for (PublishedTrack track : alice.publishedTracks()) {
            PublishedTrackSpec spec = Negotiator.spec(track);
            boolean clash = used.contains(spec.ssrc()) || spec.rtxSsrc() != 0 && used.contains(spec.rtxSsrc());
            List<Integer> layers = new ArrayList<>();
            for (int i = 0; spec.simulcast() != null && i < spec.simulcast().layers(); i++) {
                int ssrc = spec.simulcast().ssrcs()[i];
                int rtx = spec.simulcast().rtxSsrcs()[i];
                clash |= used.contains(ssrc) || used.contains(rtx);
                layers.addAll(ssrc == 0 ? List.of() : rtx == 0 ? List.of(ssrc) : List.of(ssrc, rtx));
            }
            // A conference refuses a track only for an SSRC another track of it already has (Negotiator logs that).
            assertEquals(!clash, media.publish(aliceLeg, spec), "track " + track.trackId() + " published");
            if (!clash) {
                used.add(spec.ssrc());
                used.addAll(spec.rtxSsrc() == 0 ? List.of() : List.of(spec.rtxSsrc()));
                used.addAll(layers);
            }
            media.subscribe(bobLeg, (int) track.primarySsrc(), Negotiator.maps(bob.addRemoteTrack("alice", track)));
        }
        Optional<Offer> offer = bob.createOffer();
        assertEquals(!alice.publishedTracks().isEmpty(), offer.isPresent(), "Bob is offered Alice's tracks");
        if (offer.isPresent()) {
            SessionDescription.parse(offer.get().sdp());
            bob.applyAnswer(offer.get().revision(), PeerSdp.answer(offer.get().sdp(), BOB, FINGERPRINT));
        }
        media.removeLeg(bobLeg);
        media.removeLeg(aliceLeg);
        assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory(), "bytes kept");
    }
}
