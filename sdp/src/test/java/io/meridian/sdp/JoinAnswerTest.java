package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JoinAnswerTest {
    static final String SERVER_FINGERPRINT =
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
    static final LocalTransport LOCAL = new LocalTransport(new IceParameters("srvU", "serverPassword0123456789"),
            SERVER_FINGERPRINT, List.of(new Candidate("203.0.113.10", 10000), new Candidate("2001:db8::10", 10000)));

    private final ParticipantNegotiation alice;
    private final SessionDescription answer;

    JoinAnswerTest() throws SdpException {
        alice = ParticipantNegotiation.fromOffer(ChromiumOffers.offer(ChromiumOffers.ALICE), LOCAL);
        answer = SessionDescription.parse(alice.answerSdp());
    }

    @Test
    void sessionLevelIsIceLiteBundledAndCrlf() {
        String sdp = alice.answerSdp();
        assertTrue(sdp.startsWith("v=0\r\no=- "));
        assertTrue(sdp.endsWith("\r\n"));
        assertFalse(sdp.replace("\r\n", "").contains("\n"));
        assertTrue(answer.fields().get(1).endsWith(" 1 IN IP4 0.0.0.0"), answer.fields().get(1));
        assertEquals(List.of("s=-", "t=0 0"), answer.fields().subList(2, 4));
        assertTrue(answer.hasAttribute("ice-lite"));
        assertTrue(answer.hasAttribute("extmap-allow-mixed"));
        assertEquals("BUNDLE 0 1", answer.attribute("group").orElseThrow());
        assertEquals(" WMS *", answer.attribute("msid-semantic").orElseThrow());
    }

    @Test
    void everyAcceptedMediaLineCarriesTheServerTransport() {
        for (MediaDescription m : answer.media().subList(0, 2)) {
            assertEquals(9, m.port());
            assertEquals("UDP/TLS/RTP/SAVPF", m.proto());
            assertEquals("passive", m.attribute("setup").orElseThrow());
            assertEquals("sha-256 " + SERVER_FINGERPRINT, m.attribute("fingerprint").orElseThrow());
            assertEquals("srvU", m.attribute("ice-ufrag").orElseThrow());
            assertEquals("serverPassword0123456789", m.attribute("ice-pwd").orElseThrow());
            assertTrue(m.hasAttribute("rtcp-mux"));
            assertTrue(m.hasAttribute("rtcp-rsize"));
            assertTrue(m.hasAttribute("end-of-candidates"));
            assertFalse(m.hasAttribute("ice-options"));
            List<String> candidates = m.attributeValues("candidate");
            assertEquals(2, candidates.size());
            assertTrue(candidates.get(0).matches("\\d+ 1 udp 2130706175 203\\.0\\.113\\.10 10000 typ host"),
                    candidates.get(0));
            assertTrue(candidates.get(1).endsWith(" 1 udp 2130706431 2001:db8::10 10000 typ host"), candidates.get(1));
            assertTrue(m.hasAttribute("recvonly"));
            assertFalse(m.hasAttribute("ssrc"));
            assertFalse(m.hasAttribute("msid"));
        }
    }

    @Test
    void audioAnswerKeepsOpusAndTelephoneEventWithClientNumbers() {
        MediaDescription audio = answer.media().get(0);
        assertEquals(List.of("111", "110", "126"), audio.formats());
        assertEquals(List.of("111 opus/48000/2", "110 telephone-event/48000", "126 telephone-event/8000"),
                audio.attributeValues("rtpmap"));
        assertEquals(List.of("111 minptime=10;useinbandfec=1"), audio.attributeValues("fmtp"));
        assertEquals(List.of("111 transport-cc"), audio.attributeValues("rtcp-fb"));
        assertEquals(List.of("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "3 " + HeaderExtension.TRANSPORT_WIDE_CC), audio.attributeValues("extmap"));
    }

    @Test
    void videoAnswerHasOnlyAcceptedCodecsAndNoMidRid() {
        MediaDescription video = answer.media().get(1);
        assertEquals(List.of("96", "97", "98", "99", "100", "101", "45", "46", "102", "103", "106", "107", "39", "40"),
                video.formats());
        String text = video.toString();
        for (String absent : new String[] {"red/", "ulpfec", "packetization-mode=0", "sdes:mid", "rtp-stream-id",
                "transport-wide-cc-02", "a=rid", "a=simulcast"}) {
            assertFalse(text.contains(absent), absent);
        }
        assertTrue(video.attributeValues("fmtp").contains("97 apt=96"));
        assertTrue(video.attributeValues("rtcp-fb").containsAll(List.of("96 nack", "96 nack pli", "96 ccm fir",
                "96 goog-remb")));
        assertTrue(video.attributeValues("extmap").containsAll(List.of("14 urn:ietf:params:rtp-hdrext:toffset",
                "13 urn:3gpp:video-orientation")));
    }

    @Test
    void dataChannelIsRejectedWithPortZeroAndLeftOutOfBundle() {
        MediaDescription data = answer.media().get(2);
        assertEquals(0, data.port());
        assertEquals("application", data.kind());
        assertEquals("UDP/DTLS/SCTP", data.proto());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals("2", data.mid().orElseThrow());
        assertFalse(data.hasAttribute("candidate"));
    }

    @Test
    void exposesRemoteTransportAndPublishedTracks() {
        assertEquals(new IceParameters("Xk3q", "ZmFgY2Jl0Yk3Mm2pQ1x5Rh9t"), alice.remoteIce());
        assertEquals(ChromiumOffers.FINGERPRINT_A, alice.remoteFingerprint());
        List<PublishedTrack> tracks = alice.publishedTracks();
        assertEquals(2, tracks.size());
        assertEquals("audio", tracks.get(0).kind());
        assertEquals(1001, tracks.get(0).primarySsrc());
        assertEquals(0, tracks.get(0).rtxSsrc());
        assertEquals("video", tracks.get(1).kind());
        assertEquals(2002, tracks.get(1).rtxSsrc());
        assertEquals(0, alice.revision());
        assertFalse(alice.hasPendingChanges());
        assertTrue(alice.createOffer().isEmpty());
    }

    @Test
    void clientMediaLinesThatDoNotSendAreAnsweredInactive() throws SdpException {
        String recvOnly = ChromiumOffers.offer(ChromiumOffers.ALICE).replace("a=sendrecv", "a=recvonly");
        ParticipantNegotiation viewer = ParticipantNegotiation.fromOffer(recvOnly, LOCAL);
        SessionDescription sdp = SessionDescription.parse(viewer.answerSdp());
        assertTrue(sdp.media().get(0).hasAttribute("inactive"));
        assertTrue(sdp.media().get(1).hasAttribute("inactive"));
        assertTrue(viewer.publishedTracks().isEmpty());
    }
}
