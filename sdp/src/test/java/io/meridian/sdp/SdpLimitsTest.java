package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each bound of {@link SdpLimits}: an offer at the bound is answered, one just over it is refused with its code. */
class SdpLimitsTest {
    private static final String OFFER = ChromiumOffers.offer(ChromiumOffers.ALICE);
    private static final String VIDEO_LINE = "m=video 9 UDP/TLS/RTP/SAVPF " + ChromiumOffers.VIDEO_FORMATS;

    @Test
    void wholeDescription() throws SdpException {
        String atBound = padTo(OFFER, SdpLimits.MAX_LENGTH);
        assertEquals(SdpLimits.MAX_LENGTH, atBound.length());
        answer(atBound);
        assertRefused("sdp_too_large", padTo(OFFER, SdpLimits.MAX_LENGTH + 1));
    }

    @Test
    void oneLine() throws SdpException {
        answer(insertAfter(OFFER, "t=0 0", note(SdpLimits.DEFAULT_LINE_LENGTH)));
        assertRefused("line_too_long", insertAfter(OFFER, "t=0 0", note(SdpLimits.DEFAULT_LINE_LENGTH + 1)));
    }

    @Test
    void mediaLinesAndTheBundleGroupNamingThemAll() throws SdpException {
        String atBound = withMediaLines(SdpLimits.DEFAULT_MEDIA_LINES, SdpLimits.MAX_MID_LENGTH);
        String group = atBound.lines().filter(l -> l.startsWith("a=group:")).findFirst().orElseThrow();
        assertEquals(SdpLimits.DEFAULT.maxGroupLineLength(), group.length());
        SessionDescription answer = SessionDescription.parse(answer(atBound).answerSdp());
        assertEquals(SdpLimits.DEFAULT_MEDIA_LINES, answer.media().size(), "the answer is within the bounds too");
        assertEquals(SdpLimits.DEFAULT_MEDIA_LINES - 1, answer.media().stream().filter(m -> m.port() == 9).count(),
                "all but the data channel are accepted");

        assertRefused("too_many_media", withMediaLines(SdpLimits.DEFAULT_MEDIA_LINES + 1, 3));
        assertRefused("line_too_long", atBound.replace(group, group + "x"));
    }

    /** The node's own choice of the three bounds it lets operators set, in join offers and in re-offers. */
    @Test
    void configuredBoundsOfMediaLinesLineLengthAndTracks() throws SdpException {
        SdpLimits two = new SdpLimits(3, 200, 2);
        assertEquals(2, ParticipantNegotiation.fromOffer(OFFER, JoinAnswerTest.LOCAL, two).publishedTracks().size());
        assertRefused("too_many_media", withMediaLines(4, 1), two);
        assertRefused("line_too_long", insertAfter(OFFER, "t=0 0", note(201)), two);
        ParticipantNegotiation one = ParticipantNegotiation.fromOffer(OFFER.replaceFirst("a=sendrecv", "a=recvonly"),
                JoinAnswerTest.LOCAL, new SdpLimits(3, 200, 1));
        SdpException reOffer = assertThrows(SdpException.class, () -> one.applyClientOffer(1, OFFER));
        assertEquals("too_many_tracks", reOffer.code(), reOffer.getMessage());
        assertEquals(1, one.publishedTracks().size(), "a refused re-offer changes nothing");
        assertRefused("too_many_tracks", OFFER, new SdpLimits(3, 200, 1));
    }

    @Test
    void linesOfTheSessionPartAndOfOneMediaLine() throws SdpException {
        SessionDescription parsed = SessionDescription.parse(OFFER);
        int sessionLines = parsed.fields().size() + parsed.attributes().size();
        int sessionRoom = SdpLimits.MAX_SECTION_LINES - sessionLines;
        answer(insertAfter(OFFER, "t=0 0", notes(sessionRoom)));
        assertRefused("too_many_lines", insertAfter(OFFER, "t=0 0", notes(sessionRoom + 1)));

        MediaDescription video = parsed.media().get(1);
        int videoLines = video.fields().size() + video.attributes().size();
        int videoRoom = SdpLimits.MAX_SECTION_LINES - videoLines;
        answer(insertAfter(OFFER, "a=mid:1", notes(videoRoom)));
        assertRefused("too_many_lines", insertAfter(OFFER, "a=mid:1", notes(videoRoom + 1)));
    }

    @Test
    void payloadTypesOnOneMediaLine() throws SdpException {
        List<String> formats = new ArrayList<>(List.of(ChromiumOffers.VIDEO_FORMATS.split(" ")));
        IntStream.range(0, 128).mapToObj(Integer::toString).filter(pt -> !formats.contains(pt)).forEach(formats::add);
        assertEquals(SdpLimits.MAX_FORMATS, formats.size());
        String allPayloadTypes = "m=video 9 UDP/TLS/RTP/SAVPF " + String.join(" ", formats);
        answer(OFFER.replace(VIDEO_LINE, allPayloadTypes));
        assertRefused("too_many_formats", OFFER.replace(VIDEO_LINE, allPayloadTypes + " 96"));
    }

    @Test
    void ssrcsOfOneMediaLine() throws SdpException {
        String lastSsrcLine = "a=ssrc:2002 msid:alice-stream video-alice-stream";
        ParticipantNegotiation atBound = answer(insertAfter(OFFER, lastSsrcLine, ssrcLines(SdpLimits.MAX_SSRCS - 2)));
        assertEquals(2001, atBound.publishedTracks().get(1).primarySsrc());
        assertRefused("too_many_ssrcs", insertAfter(OFFER, lastSsrcLine, ssrcLines(SdpLimits.MAX_SSRCS - 1)));
    }

    @Test
    void mid() throws SdpException {
        assertTokenBound(SdpLimits.MAX_MID_LENGTH, mid -> OFFER.replace("a=mid:1\r\n", "a=mid:" + mid + "\r\n")
                .replace("BUNDLE 0 1 2", "BUNDLE 0 " + mid + " 2"));
    }

    @Test
    void cname() throws SdpException {
        assertTokenBound(SdpLimits.MAX_CNAME_LENGTH, cname -> OFFER.replace("aliceCname", cname));
    }

    @Test
    void msidStreamAndTrackIdentifiers() throws SdpException {
        // "alice-stream " is the stream id of a=msid and of a=ssrc msid, never the end of a track id.
        assertTokenBound(SdpLimits.MAX_MSID_ID_LENGTH, stream -> OFFER.replace("alice-stream ", stream + " "));
        assertTokenBound(SdpLimits.MAX_MSID_ID_LENGTH, track -> OFFER.replace("video-alice-stream", track));
    }

    @Test
    void rid() throws SdpException {
        assertTokenBound(SdpLimits.MAX_RID_LENGTH, rid -> insertAfter(OFFER, "a=mid:1", "a=rid:" + rid + " send\r\n"));
    }

    @Test
    void iceCredentials() throws SdpException {
        answer(OFFER.replace("a=ice-ufrag:Xk3q", "a=ice-ufrag:" + "u".repeat(256)));
        assertRefused("missing_ice_credentials", OFFER.replace("a=ice-ufrag:Xk3q", "a=ice-ufrag:" + "u".repeat(257)));
    }

    @Test
    void theInputsOfIssue13AreRefused() {
        assertRefused("too_many_media", "v=0\r\n" + "m=audio 0 RTP/AVP 0\r\n".repeat(10_000));
        assertRefused("line_too_long", "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF" + " 96".repeat(40_000) + "\r\n");
        assertRefused("line_too_long", OFFER.replaceFirst("cname:aliceCname", "cname:" + "c".repeat(200_000)));
    }

    private static void assertTokenBound(int max, Function<String, String> offerWith)
            throws SdpException {
        answer(offerWith.apply("t".repeat(max)));
        assertRefused("token_too_long", offerWith.apply("t".repeat(max + 1)));
    }

    private static ParticipantNegotiation answer(String offer) throws SdpException {
        ParticipantNegotiation negotiation = ParticipantNegotiation.fromOffer(offer, JoinAnswerTest.LOCAL);
        assertFalse(negotiation.answerSdp().isEmpty());
        return negotiation;
    }

    private static void assertRefused(String code, String offer) {
        assertRefused(code, offer, SdpLimits.DEFAULT);
    }

    private static void assertRefused(String code, String offer, SdpLimits limits) {
        SdpException e = assertThrows(SdpException.class, () -> ParticipantNegotiation.fromOffer(offer,
                JoinAnswerTest.LOCAL, limits));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().length() < 200, "the message does not echo the input: " + e.getMessage());
    }

    private static String insertAfter(String sdp, String line, String inserted) {
        int end = sdp.indexOf(line + "\r\n") + line.length() + 2;
        return sdp.substring(0, end) + inserted + sdp.substring(end);
    }

    /** A session-level attribute line of {@code length} characters, CRLF not counted. */
    private static String note(int length) {
        return "a=x-note:" + "x".repeat(length - "a=x-note:".length()) + "\r\n";
    }

    private static String notes(int count) {
        return "a=x-note\r\n".repeat(count);
    }

    /** Pads the session part with attribute lines of at most the line bound until the SDP has {@code length}. */
    private static String padTo(String sdp, int length) {
        int remaining = length - sdp.length();
        int perLine = SdpLimits.DEFAULT_LINE_LENGTH + 2;
        int count = (remaining + perLine - 1) / perLine;
        StringBuilder pad = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int size = remaining / count + (i < remaining % count ? 1 : 0);
            pad.append(note(size - 2));
        }
        return insertAfter(sdp, "t=0 0", pad.toString());
    }

    private static String ssrcLines(int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("a=ssrc:").append(3000 + i).append(" cname:aliceCname\r\n");
        }
        return lines.toString();
    }

    /**
     * Alice's offer with {@code count} m-lines in one BUNDLE group, every mid {@code midLength} characters long:
     * hers, then bundle-only receive-only audio m-lines as max-bundle offerers write them (RFC 8829 §5.2.1).
     */
    private static String withMediaLines(int count, int midLength) {
        List<String> mids = IntStream.range(0, count).mapToObj(i -> String.format("%0" + midLength + "d", i)).toList();
        String offer = OFFER;
        for (int i = 0; i < 3; i++) {
            offer = offer.replace("a=mid:" + i + "\r\n", "a=mid:" + mids.get(i) + "\r\n");
        }
        StringBuilder extra = new StringBuilder();
        for (String mid : mids.subList(3, count)) {
            extra.append("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=bundle-only\r\na=mid:").append(mid)
                    .append("\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n");
        }
        return offer.replace("BUNDLE 0 1 2", "BUNDLE " + String.join(" ", mids)) + extra;
    }
}
