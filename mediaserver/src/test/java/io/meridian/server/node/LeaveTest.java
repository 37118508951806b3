package io.meridian.server.node;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SessionDescription;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API.md "Leaving and ending": the others are told and renegotiated, and the last one out ends the conference. */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class LeaveTest {
    private RunningNode node;

    @BeforeEach
    void start() throws Exception {
        node = RunningNode.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void leavingIsAnnouncedAndTheLastLeaverEndsTheConference() throws Exception {
        TestPeer[] pair = node.pair("leave", "leaver", "stayer");
        TestPeer leaver = pair[0];
        TestPeer stayer = pair[1];
        int offersBefore = stayer.answeredOffers().size();

        assertEquals(204, leaver.leave());

        stayer.awaitMessage("participant-left", leaver.participantId());
        Poll.until("the stayer answers a server offer without the leaver's tracks",
                () -> stayer.answeredOffers().size() > offersBefore ? null
                        : "answered " + stayer.answeredOffers().size() + ", problems " + stayer.signallingProblems());
        String offer = stayer.answeredOffers().get(stayer.answeredOffers().size() - 1);
        SessionDescription sdp = SessionDescription.parse(offer);
        List<MediaDescription> serverLines = sdp.media().stream()
                .filter(m -> m.mid().orElse("").startsWith("s")).toList();
        assertEquals(2, serverLines.size(), "the leaver's audio and video m-lines stay (JSEP never removes them)\n"
                + offer);
        for (MediaDescription m : serverLines) {
            assertEquals("inactive", PeerSdp.direction(m), "m-line " + m.mid().orElseThrow() + "\n" + offer);
        }
        assertTrue(leaver.identity().ssrcs().stream().noneMatch(s -> offer.contains("a=ssrc:" + s + " ")),
                "the offer still announces the leaver's SSRCs\n" + offer);
        assertTrue(node.server.conferences().conference("leave").isPresent(), "the conference ended too early");
        assertEquals(List.of(), stayer.signallingProblems());

        assertEquals(204, stayer.leave());
        ApiClient.Reply reply = node.api.get("/v1/conferences/leave");
        assertEquals(404, reply.status(), reply.body());
        assertEquals("conference_not_found", reply.errorCode(), reply.body());
        assertTrue(node.server.conferences().conferences().isEmpty());
    }
}
