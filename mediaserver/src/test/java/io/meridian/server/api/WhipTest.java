package io.meridian.server.api;

import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WHIP (RFC 9725) on a node with tokens: an encoder publishes into a conference with one POST of its offer, a
 * participant there receives its audio and video, and the encoder's DELETE ends its session; the answer's headers
 * are the RFC's (Location, ETag, application/sdp, CORS), and refusals are the RFC's status codes with the API's error
 * body, leaving nothing allocated.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class WhipTest {
    private static final String FINGERPRINT = String.join(":", java.util.Collections.nCopies(32, "AB"));
    @RegisterExtension
    static final LimitedNode NODE = new LimitedNode();
    private SecuredNode node;

    @BeforeEach
    void node() {
        node = NODE.node();
    }

    @Test
    void anEncoderPublishesByWhipAndAParticipantGetsItsMediaUntilItDeletesItsSession() {
        TestPeer viewer = node.join("whip-live", "viewer");
        TestPeer encoder = TestPeer.joinViaWhip(node.as(SecuredNode.token("encoder", "whip-live", false)),
                "whip-live", "encoder");
        assertTrue(encoder.whipResource().startsWith("/v1/whip/whip-live/"), encoder.whipResource());

        viewer.awaitAnsweredOfferWith(encoder);
        encoder.sendUntilReceived(viewer, encoder.identity().videoSsrc(), 1, PeerSdp.VP8_PT, "whip video");
        encoder.sendUntilReceived(viewer, encoder.identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "whip audio");
        String encoderId = encoder.whipResource().substring(encoder.whipResource().lastIndexOf('/') + 1);
        viewer.awaitMessage("participant-joined", encoderId);

        // An ICE restart (RFC 9725 §4.3.2): new credentials both ways, a new ETag, and the media goes on.
        ApiClient encoderApi = node.as(SecuredNode.token("encoder", "whip-live", false));
        assertEquals(204, encoderApi.patch(encoder.whipResource(), "application/trickle-ice-sdpfrag",
                "a=mid:0\r\n").status(), "a trickle without If-Match");
        String restarted = encoder.restartIceViaWhip();
        assertNotNull(restarted, "the restart's 200 carries the new ICE session's ETag");
        encoder.consentCheck();
        int before = viewer.received().rtp(encoder.identity().videoSsrc()).size();
        Poll.until("the viewer gets the encoder's video after the ICE restart", () -> {
            encoder.sendRtp(encoder.identity().videoSsrc(), 30_000 + viewer.received().rtp(
                    encoder.identity().videoSsrc()).size(), PeerSdp.VP8_PT, "after the restart");
            return viewer.received().rtp(encoder.identity().videoSsrc()).stream()
                    .anyMatch(r -> r.payloadText().equals("after the restart")) ? null : "not yet";
        });
        assertTrue(viewer.received().rtp(encoder.identity().videoSsrc()).size() > before);
        assertEquals(204, encoderApi.patch(encoder.whipResource(), "application/trickle-ice-sdpfrag",
                "a=mid:0\r\n", restarted).status(), "the new ETag names the session");

        assertEquals(200, encoder.leave(), "RFC 9725 §4.2: the session's DELETE answers 200");
        viewer.awaitMessage("participant-left", encoderId);
        encoder.close();
    }

    @Test
    void theAnswerCarriesTheSessionItsIceTagAndCorsHeaders() {
        ApiClient client = node.as(SecuredNode.token("headers", "whip-headers", false));
        ApiClient.Reply reply = client.whip("whip-headers", offer("headers"));

        assertEquals(201, reply.status(), reply.body());
        assertTrue(reply.header("Content-Type").startsWith("application/sdp"), reply.header("Content-Type"));
        assertTrue(reply.body().startsWith("v=0"), reply.body());
        String location = reply.header("Location");
        assertNotNull(location);
        String etag = reply.header("ETag");
        String ufrag = reply.body().lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow()
                .substring("a=ice-ufrag:".length());
        assertEquals("\"" + ufrag + "\"", etag, "the ETag names the ICE session: the node's ufrag");
        assertEquals("*", reply.header("Access-Control-Allow-Origin"));
        assertTrue(reply.header("Access-Control-Expose-Headers").contains("Location"));

        // Trickled candidates (RFC 8840: the session's own credentials with them) change nothing: acknowledged,
        // with or without the session's ETag; another session's ETag is 412; a restart needs valid credentials.
        String fragment = "a=ice-ufrag:abcd\r\na=ice-pwd:abcdabcdabcdabcdabcdabcd\r\na=mid:0\r\n"
                + "a=candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host\r\n";
        assertEquals(204, client.patch(location, "application/trickle-ice-sdpfrag", fragment).status());
        assertEquals(204, client.patch(location, "application/trickle-ice-sdpfrag", fragment, etag).status());
        assertError(client.patch(location, "application/trickle-ice-sdpfrag", fragment, "\"p-other\""), 412,
                "etag_mismatch");
        assertError(client.patch(location, "application/trickle-ice-sdpfrag", "a=ice-ufrag:ab\r\n", "*"), 400,
                "invalid_ice_credentials");
        assertError(client.patch(location, "application/json", "{}"), 415, "unsupported_media_type");

        ApiClient.Reply preflight = node.anonymous.options("/v1/whip/whip-headers");
        assertEquals(204, preflight.status());
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
        assertEquals(200, client.delete(location).status());
        assertNoParticipants("whip-headers");
    }

    @Test
    void refusalsHaveTheRfcsStatusCodesAndLeaveNothingAllocated() {
        ApiClient owner = node.as(SecuredNode.token("owner", "whip-refusals", false));

        ApiClient.Reply json = owner.post("/v1/whip/whip-refusals", "application/json", "{\"sdp\":\"v=0\"}");
        assertError(json, 415, "unsupported_media_type");
        assertError(node.anonymous.whip("whip-refusals", offer("anonymous")), 401, "missing_token");
        assertError(node.as(SecuredNode.token("owner", "elsewhere", false)).whip("whip-refusals", offer("x")), 403,
                "forbidden_conference");
        ApiClient.Reply garbage = owner.whip("whip-refusals", "this is not SDP");
        assertEquals(400, garbage.status(), garbage.body());
        assertNoParticipants("whip-refusals");

        ApiClient.Reply published = owner.whip("whip-refusals", offer("owner"));
        assertEquals(201, published.status(), published.body());
        String location = published.header("Location");
        assertError(node.as(SecuredNode.token("intruder", "whip-refusals", false)).delete(location), 403,
                "not_your_participant");
        assertError(owner.delete("/v1/whip/whip-refusals/p-nosuchparticipant"), 404, "participant_not_found");
        assertEquals(200, owner.delete(location).status());
        assertNoParticipants("whip-refusals");
    }

    @AfterEach
    void theOtherConferenceKeepsItsMedia() {
        NODE.other().assertMediaFlows();
    }

    private static String offer(String label) {
        return PeerSdp.joinOffer(PeerIdentity.random(label), FINGERPRINT);
    }

    private static void assertError(ApiClient.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.errorCode(), reply.body());
    }

    /** Nobody left: the conference has no participants, or has ended with its last one. */
    private void assertNoParticipants(String conferenceId) {
        Poll.until("nobody left in " + conferenceId, () -> {
            int left = node.server.conferences().conference(conferenceId).map(c -> c.participants().size())
                    .orElse(0);
            return left == 0 ? null : left + " participants";
        });
    }
}
