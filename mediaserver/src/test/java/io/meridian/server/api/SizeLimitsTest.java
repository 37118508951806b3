package io.meridian.server.api;

import io.meridian.client.ApiClient;
import io.meridian.client.ApiClient.Reply;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.config.Setting;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.meridian.server.api.ErrorReplies.assertApiError;
import static io.meridian.server.api.JoinLimitsTest.assertNamesLimit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The limits on what a request carries: the body, and of the SDP offer in it its m-lines, its line length and the
 * tracks it sends. Each is {@code 413} with a code, a message naming the limit and the setting that raises it,
 * nothing allocated, and a call in another conference keeps its media.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class SizeLimitsTest {
    private static final int BODY_BYTES = 16_384;
    private static final int MEDIA_LINES = 6;
    private static final int LINE_LENGTH = 512;
    private static final int TRACKS = 2;
    private static final String CONFERENCE = "sizes";
    private static final String PATH = "/v1/conferences/" + CONFERENCE + "/participants";
    private static final String FINGERPRINT = DtlsCertificate.generate().fingerprintSha256();
    @RegisterExtension
    static final LimitedNode LIMITED = new LimitedNode(Setting.LIMITS_BODY_BYTES.flag(), Integer.toString(BODY_BYTES),
            Setting.LIMITS_SDP_MEDIA_LINES.flag(), Integer.toString(MEDIA_LINES),
            Setting.LIMITS_SDP_LINE_LENGTH.flag(), Integer.toString(LINE_LENGTH),
            Setting.LIMITS_TRACKS_PER_PARTICIPANT.flag(), Integer.toString(TRACKS));

    @AfterEach
    void nothingWasAllocated() {
        assertEquals(List.of(OtherConference.ID), LIMITED.server().conferences().hostedConferenceIds(),
                "a refused request left a conference");
        LIMITED.other().assertMediaFlows();
    }

    @Test
    void aBodyOverTheLimitIsBodyTooLarge() {
        String body = ApiClient.joinBody("v=0\r\n" + "x".repeat(BODY_BYTES));

        Reply join = vera().post(PATH, "application/json", body);
        Reply patch = LIMITED.node().operator().patch("/v1/conferences/" + OtherConference.ID, "application/json",
                "{\"lastN\": 4, \"padding\": \"" + "p".repeat(BODY_BYTES) + "\"}");

        for (Reply refused : List.of(join, patch)) {
            assertApiError(refused, 413, "body_too_large");
            assertNamesLimit(refused, BODY_BYTES, Setting.LIMITS_BODY_BYTES);
        }
    }

    @Test
    void anOfferWithMoreMediaLinesThanTheLimitIsTooManyMedia() {
        Reply refused = vera().join(CONFERENCE, withAudioLines(offer(), MEDIA_LINES - 1, false));

        assertApiError(refused, 413, "too_many_media");
        assertNamesLimit(refused, MEDIA_LINES, Setting.LIMITS_SDP_MEDIA_LINES);
    }

    @Test
    void anOfferWithALineLongerThanTheLimitIsLineTooLong() {
        String note = "a=x-note:" + "n".repeat(LINE_LENGTH + 1 - "a=x-note:".length());

        Reply refused = vera().join(CONFERENCE, offer().replace("t=0 0\r\n", "t=0 0\r\n" + note + "\r\n"));

        assertApiError(refused, 413, "line_too_long");
        assertNamesLimit(refused, LINE_LENGTH, Setting.LIMITS_SDP_LINE_LENGTH);
    }

    @Test
    void anOfferSendingMoreTracksThanTheLimitIsTooManyTracks() {
        Reply refused = vera().join(CONFERENCE, withAudioLines(offer(), 1, true));

        assertApiError(refused, 413, "too_many_tracks");
        assertNamesLimit(refused, TRACKS, Setting.LIMITS_TRACKS_PER_PARTICIPANT);
    }

    private static ApiClient vera() {
        return LIMITED.node().as(SecuredNode.token("vera", CONFERENCE, false));
    }

    /** A join offer that sends audio and video. */
    private static String offer() {
        return PeerSdp.joinOffer(PeerIdentity.random("vera"), FINGERPRINT);
    }

    /** {@code offer} with {@code count} more audio m-lines in its BUNDLE group, each sending a track or not. */
    private static String withAudioLines(String offer, int count, boolean sending) {
        StringBuilder mids = new StringBuilder();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String mid = "a" + i;
            mids.append(' ').append(mid);
            lines.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:").append(mid).append("\r\n")
                    .append(sending ? "a=sendrecv\r\na=msid:extra track-" + i + "\r\n" : "a=recvonly\r\n")
                    .append("a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n");
            if (sending) {
                lines.append("a=ssrc:").append(7000 + i).append(" cname:extra\r\n");
            }
        }
        return offer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1" + mids) + lines;
    }
}
