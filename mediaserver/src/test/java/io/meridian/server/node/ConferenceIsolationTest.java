package io.meridian.server.node;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two conferences on one node share the UDP port and the event loop, never media. */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class ConferenceIsolationTest {
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
    void mediaOfOneConferenceNeverReachesTheOther() {
        TestPeer[] first = node.pair("isolation-1", "c1a", "c1b");
        TestPeer[] second = node.pair("isolation-2", "c2a", "c2b");

        // Conference 1 first, in both directions and on both kinds, until it is seen flowing.
        for (int i = 0; i < 2; i++) {
            TestPeer from = first[i];
            TestPeer to = first[1 - i];
            from.sendUntilReceived(to, from.identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "conference 1 audio");
            from.sendUntilReceived(to, from.identity().videoSsrc(), 1, PeerSdp.VP8_PT, "conference 1 video");
        }
        // Then conference 2: once its receivers have their own conference's packets, anything of conference 1
        // that could have leaked has had its chance.
        for (int i = 0; i < 2; i++) {
            TestPeer from = second[i];
            TestPeer to = second[1 - i];
            from.sendUntilReceived(to, from.identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "conference 2 audio");
            from.sendUntilReceived(to, from.identity().videoSsrc(), 1, PeerSdp.VP8_PT, "conference 2 video");
        }

        Set<Long> conference1 = new HashSet<>(first[0].identity().ssrcs());
        conference1.addAll(first[1].identity().ssrcs());
        Set<Long> conference2 = new HashSet<>(second[0].identity().ssrcs());
        conference2.addAll(second[1].identity().ssrcs());
        for (TestPeer peer : second) {
            assertTrue(peer.received().ssrcs().stream().noneMatch(conference1::contains),
                    peer.identity().streamId() + " received conference-1 SSRCs: " + peer.received().ssrcs());
            assertTrue(peer.answeredOffers().stream().noneMatch(sdp -> mentionsAny(sdp, conference1)),
                    "a conference-2 peer was offered a conference-1 track");
        }
        for (TestPeer peer : first) {
            assertTrue(peer.received().ssrcs().stream().noneMatch(conference2::contains),
                    peer.identity().streamId() + " received conference-2 SSRCs: " + peer.received().ssrcs());
        }
        assertEquals(Set.of(second[1].identity().audioSsrc(), second[1].identity().videoSsrc()),
                second[0].received().ssrcs());
    }

    private static boolean mentionsAny(String sdp, Set<Long> ssrcs) {
        return ssrcs.stream().anyMatch(s -> sdp.contains("a=ssrc:" + s + " "));
    }
}
