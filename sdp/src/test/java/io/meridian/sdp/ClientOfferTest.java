package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClientOfferTest {
    private static final String OFFER = ChromiumOffers.offer(ChromiumOffers.ALICE);

    @Test
    void readsTransportFromTheBundleTag() throws SdpException {
        ClientOffer offer = ClientOffer.parse(OFFER);
        assertEquals(new IceParameters("Xk3q", "ZmFgY2Jl0Yk3Mm2pQ1x5Rh9t"), offer.ice());
        assertEquals(new Fingerprint("sha-256", ChromiumOffers.FINGERPRINT_A), offer.fingerprint());
        assertEquals(List.of("0", "1", "2"), offer.bundleMids());
        assertTrue(offer.extmapAllowMixed());
    }

    @Test
    void acceptsOnlyForwardableAudioCodecs() throws SdpException {
        OfferedMedia audio = ClientOffer.parse(OFFER).media().get(0);
        assertEquals("0", audio.mid());
        assertEquals(Direction.SENDRECV, audio.direction());
        assertTrue(audio.accepted());
        Codec opus = audio.codecs().get(0);
        assertEquals(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc"),
                Codec.NO_RTX), opus);
        assertEquals(List.of(111, 110, 126), audio.codecs().stream().map(Codec::pt).toList());
    }

    @Test
    void acceptsVideoCodecsWithRtxAndDropsFecAndModeZeroH264() throws SdpException {
        OfferedMedia video = ClientOffer.parse(OFFER).media().get(1);
        Map<Integer, Integer> rtxByPt = video.codecs().stream().collect(Collectors.toMap(Codec::pt, Codec::rtxPt));
        assertEquals(Map.of(96, 97, 98, 99, 100, 101, 45, 46, 102, 103, 106, 107, 39, 40), rtxByPt);
        Codec vp8 = video.codecs().get(0);
        assertEquals("VP8", vp8.name());
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), vp8.rtcpFbs());
        assertTrue(video.codecs().stream().noneMatch(c -> c.fmtp().contains("packetization-mode=0")));
    }

    @Test
    void keepsHarmlessExtensionsAndTransportCcWithClientIdsAndDropsMidRid() throws SdpException {
        OfferedMedia video = ClientOffer.parse(OFFER).media().get(1);
        Map<Integer, String> extensions = video.extensions().stream()
                .collect(Collectors.toMap(HeaderExtension::id, HeaderExtension::uri));
        assertEquals("urn:ietf:params:rtp-hdrext:toffset", extensions.get(14));
        assertEquals("urn:3gpp:video-orientation", extensions.get(13));
        assertEquals("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", extensions.get(2));
        assertEquals(HeaderExtension.TRANSPORT_WIDE_CC, extensions.get(3));
        for (int refused : new int[] {4, 10, 11}) {
            assertFalse(extensions.containsKey(refused), "id " + refused);
        }
        assertEquals(Map.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", 3, HeaderExtension.TRANSPORT_WIDE_CC),
                ClientOffer.parse(OFFER).media().get(0).extensions().stream()
                        .collect(Collectors.toMap(HeaderExtension::id, HeaderExtension::uri)));
    }

    @Test
    void readsSsrcsMsidAndFidGroups() throws SdpException {
        OfferedMedia video = ClientOffer.parse(OFFER).media().get(1);
        assertEquals(List.of(new FidGroup(2001, 2002)), video.fidGroups());
        assertEquals(new SsrcDescription(2001, "aliceCname", "alice-stream", "video-alice-stream"),
                video.ssrcs().get(0));
        PublishedTrack track = video.publishedTrack();
        assertNotNull(track);
        assertEquals("video-alice-stream", track.trackId());
        assertEquals("alice-stream", track.streamId());
        assertEquals(2001, track.primarySsrc());
        assertEquals(2002, track.rtxSsrc());
        assertEquals("aliceCname", track.cname());
    }

    @Test
    void rejectsTheDataChannel() throws SdpException {
        OfferedMedia data = ClientOffer.parse(OFFER).media().get(2);
        assertFalse(data.accepted());
        assertEquals("application", data.kind());
    }

    @Test
    void sendingWithoutSsrcLinesPublishesNothing() throws SdpException {
        String ridOnly = OFFER.replaceAll("a=ssrc[^\r]*\r\n", "");
        assertEquals(null, ClientOffer.parse(ridOnly).media().get(1).publishedTrack());
    }

    @Test
    void errorCodesNameTheProblem() {
        assertCode("not_sdp", "Hello, server");
        assertCode("missing_fingerprint", OFFER.replaceAll("a=fingerprint:[^\r]*\r\n", ""));
        assertCode("unsupported_fingerprint", OFFER.replace("a=fingerprint:sha-256", "a=fingerprint:sha-1"));
        assertCode("unsupported_fingerprint", OFFER.replace("sha-256 7B:8B", "sha-256 7B"));
        assertCode("missing_ice_credentials", OFFER.replaceAll("a=ice-pwd:[^\r]*\r\n", ""));
        assertCode("missing_ice_credentials", OFFER.replace("a=ice-ufrag:Xk3q", "a=ice-ufrag:X"));
        assertCode("not_bundled", OFFER.replace("a=group:BUNDLE 0 1 2\r\n", ""));
        assertCode("not_bundled", OFFER.replace("a=rtcp-mux\r\n", ""));
        assertCode("unsupported_setup", OFFER.replace("a=setup:actpass", "a=setup:passive"));
    }

    @Test
    void joinWithoutAnyUsableCodecIsRefused() {
        String noCodec = OFFER.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 speex/48000/2")
                .replace("VP8/90000", "H265/90000").replace("VP9/90000", "H265/90000")
                .replace("AV1/90000", "H265/90000").replace("H264/90000", "H265/90000");
        SdpException e = assertThrows(SdpException.class, () -> ParticipantNegotiation.fromOffer(noCodec,
                JoinAnswerTest.LOCAL));
        assertEquals("no_usable_codec", e.code());
    }

    private static void assertCode(String code, String sdp) {
        SdpException e = assertThrows(SdpException.class, () -> ParticipantNegotiation.fromOffer(sdp,
                JoinAnswerTest.LOCAL));
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
