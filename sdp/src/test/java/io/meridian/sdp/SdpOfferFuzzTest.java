package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzz target: a client's join offer (RFC 8866 text, JSEP per RFC 8829) as the node reads and answers it. The
 * generic model either refuses it with one of {@link SdpException}'s documented codes or keeps every line, and
 * writing it out is a fixed point (what it writes parses back to the same text). The negotiation either refuses the
 * offer the same way or answers it with a description that parses, has the offer's m-lines in the offer's order
 * with the same mids (RFC 8829 §5.3.1), takes the offer's DTLS fingerprint, and accepts the same offer again as a
 * re-offer or refuses it with a documented code.
 */
class SdpOfferFuzzTest {
    private static final Set<String> CODES = Set.of("not_sdp", "missing_fingerprint", "unsupported_fingerprint",
            "missing_ice_credentials", "unsupported_setup", "no_usable_codec", "not_bundled", "invalid_renegotiation",
            "offer_collision", "stale_revision", "unexpected_answer", "unknown_rid", "simulcast_layers",
            "sdp_too_large", "line_too_long",
            "too_many_media", "too_many_lines", "too_many_formats", "too_many_ssrcs", "token_too_long");
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");

    @FuzzTest
    void offer(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(text);
        } catch (SdpException e) {
            assertDocumented(e);
            assertRefused(text);
            return;
        }
        String written = offer.toString();
        assertEquals(lines(text), lines(written), "the model keeps every line");
        assertEquals(written, parsed(written).toString(), "what the model writes reads back the same");
        try {
            answered(offer, ParticipantNegotiation.fromOffer(text, JoinAnswerTest.LOCAL));
        } catch (SdpException e) {
            assertDocumented(e);
        }
    }

    /** The answer lists the offer's m-lines in order with their mids, and the offer can come again as a re-offer. */
    private static void answered(SessionDescription offer, ParticipantNegotiation negotiation) {
        SessionDescription answer = parsed(negotiation.answerSdp());
        List<MediaDescription> offered = offer.media();
        assertEquals(offered.size(), answer.media().size(), "the answer has the offer's m-lines");
        for (int i = 0; i < offered.size(); i++) {
            assertEquals(offered.get(i).kind(), answer.media().get(i).kind(), "m-line " + i + "'s kind");
            assertEquals(offered.get(i).attribute("mid"), answer.media().get(i).attribute("mid"), "m-line " + i);
        }
        String fingerprint = negotiation.remoteFingerprint();
        assertTrue(offer.toString().toUpperCase(java.util.Locale.ROOT).contains(fingerprint),
                "the remote fingerprint " + fingerprint + " comes from the offer");
        try {
            negotiation.applyClientOffer(negotiation.revision() + 1, offer.toString());
        } catch (SdpException e) {
            assertDocumented(e);
        }
    }

    /** What the negotiation does with text the model refuses: refuses it too, with a documented code. */
    private static void assertRefused(String text) {
        try {
            ParticipantNegotiation.fromOffer(text, JoinAnswerTest.LOCAL);
            throw new AssertionError("an offer the model refuses was answered");
        } catch (SdpException e) {
            assertDocumented(e);
        }
    }

    /** Lines as the parser cuts them (RFC 8866 §5: CRLF, or a bare LF), empty ones left out. */
    private static long lines(String text) {
        return LINE_BREAK.splitAsStream(text).filter(line -> !line.isEmpty()).count();
    }

    private static SessionDescription parsed(String text) {
        try {
            return SessionDescription.parse(text);
        } catch (SdpException e) {
            throw new AssertionError("a description the node wrote does not parse: " + e.getMessage(), e);
        }
    }

    private static void assertDocumented(SdpException e) {
        assertTrue(CODES.contains(e.code()), "an undocumented code " + e.code() + ": " + e.getMessage());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal without a sentence");
    }
}
