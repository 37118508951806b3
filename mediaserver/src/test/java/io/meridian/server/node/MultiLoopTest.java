package io.meridian.server.node;

import io.meridian.router.MediaCounters;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import io.meridian.server.transport.MediaLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A node with two media loops on one port: conferences spread over them, and media crosses to its loop. */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class MultiLoopTest {
    /** Each new peer's socket lands on either loop's socket with even odds: 2^-32 to miss the other one. */
    private static final int ATTEMPTS = 32;

    private RunningNode node;

    @BeforeEach
    void start() throws Exception {
        node = RunningNode.start(2);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void newConferencesGoToTheLeastLoadedLoopAndStayApart() {
        TestPeer[] first = node.pair("loops-1", "l1a", "l1b");
        TestPeer[] second = node.pair("loops-2", "l2a", "l2b");
        int loopOfFirst = node.server.conferences().mediaLoopOf("loops-1").orElseThrow();
        int loopOfSecond = node.server.conferences().mediaLoopOf("loops-2").orElseThrow();
        assertNotEquals(loopOfFirst, loopOfSecond, "the second conference went to the idle loop");

        for (TestPeer[] pair : List.of(first, second)) {
            for (int i = 0; i < 2; i++) {
                TestPeer from = pair[i];
                from.sendUntilReceived(pair[1 - i], from.identity().videoSsrc(), 1, PeerSdp.VP8_PT, "video");
            }
        }
        for (TestPeer peer : first) {
            assertTrue(peer.received().ssrcs().stream().noneMatch(s -> second[0].identity().ssrcs().contains(s)
                    || second[1].identity().ssrcs().contains(s)), "conference 2 media reached conference 1");
        }
        for (TestPeer peer : second) {
            assertTrue(peer.received().ssrcs().stream().noneMatch(s -> first[0].identity().ssrcs().contains(s)
                    || first[1].identity().ssrcs().contains(s)), "conference 1 media reached conference 2");
        }
        List<MediaCounters> perLoop = node.server.conferences().mediaCounters();
        assertTrue(perLoop.get(loopOfFirst).packetsOut() > 0 && perLoop.get(loopOfSecond).packetsOut() > 0,
                "each loop forwarded its own conference's media");
    }

    @Test
    void mediaReadOnAnotherLoopsSocketReachesItsConferenceInOrder() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String conference = "handoff-" + attempt;
            TestPeer[] pair = node.pair(conference, "sender-" + attempt, "receiver-" + attempt);
            TestPeer sender = pair[0];
            TestPeer receiver = pair[1];
            long ssrc = sender.identity().videoSsrc();
            MediaLoop home = node.server.mediaLoops().loop(node.server.conferences().mediaLoopOf(conference)
                    .orElseThrow());
            long handedBefore = handedOff();
            long takenBefore = home.counters().takenOver();
            int first = sender.sendUntilReceived(receiver, ssrc, 1, PeerSdp.VP8_PT, "probe");
            if (handedOff() == handedBefore) {
                continue; // this sender's socket hashed to its conference's own loop; try another
            }
            // Well past the probes (sendUntilReceived may have sent a few after the first that arrived).
            int start = first + 1000;
            int count = 50;
            for (int i = 0; i < count; i++) {
                sender.sendRtp(ssrc, start + i, PeerSdp.VP8_PT, "handed over " + i);
            }
            Poll.until("the receiver gets every handed-over packet", () -> receiver.received().hasSequence(ssrc,
                    start + count - 1) ? null : "received " + receiver.received().rtp(ssrc).size());
            List<Integer> sequences = receiver.received().rtp(ssrc).stream().map(p -> p.sequence())
                    .filter(s -> s >= start).toList();
            assertEquals(IntStream.range(start, start + count).boxed().toList(), sequences,
                    "every packet once, in order");
            assertTrue(home.counters().takenOver() - takenBefore >= count + 1,
                    "the conference's loop took the datagrams over from the other loop");
            return;
        }
        fail("no sender's datagrams landed on the other loop's socket in " + ATTEMPTS + " tries");
    }

    private long handedOff() {
        long total = 0;
        for (MediaLoop loop : node.server.mediaLoops().loops()) {
            total += loop.counters().handedOff();
        }
        return total;
    }
}
