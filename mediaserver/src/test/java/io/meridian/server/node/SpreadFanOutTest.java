package io.meridian.server.node;

import io.meridian.client.PeerSdp;
import io.meridian.router.MediaCounters;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One publisher to many receivers on a node whose fan-outs spread over its two media loops past one participant:
 * every receiver, whichever loop sends to it, gets every packet once and in order.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class SpreadFanOutTest {
    private static final String CONFERENCE = "broadcast";
    private static final int RECEIVERS = 6;

    private RunningNode node;

    @BeforeEach
    void start() throws Exception {
        node = RunningNode.start(2, "--media-spread-threshold", "1");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aSpreadFanOutDeliversEveryPacketOnceInOrderToEveryReceiver() {
        TestPeer publisher = node.join(CONFERENCE, "publisher");
        List<TestPeer> receivers = new ArrayList<>();
        for (int i = 0; i < RECEIVERS; i++) {
            TestPeer receiver = node.join(CONFERENCE, "receiver-" + i);
            receiver.awaitAnsweredOfferWith(publisher);
            receivers.add(receiver);
        }
        long ssrc = publisher.identity().videoSsrc();
        int probe = 1;
        for (TestPeer receiver : receivers) {
            probe = publisher.sendUntilReceived(receiver, ssrc, probe + 1, PeerSdp.VP8_PT, "probe") + 100;
        }
        int home = node.server.conferences().mediaLoopOf(CONFERENCE).orElseThrow();
        MediaCounters other = node.server.conferences().mediaCounters().get(1 - home);
        long otherSentBefore = other.packetsOut();

        int start = probe + 1000;
        int count = 100;
        for (int i = 0; i < count; i++) {
            publisher.sendRtp(ssrc, start + i, PeerSdp.VP8_PT, "broadcast " + i);
        }
        List<Integer> expected = IntStream.range(start, start + count).boxed().toList();
        for (TestPeer receiver : receivers) {
            Poll.until(receiver.identity().streamId() + " gets the whole broadcast",
                    () -> receiver.received().hasSequence(ssrc, start + count - 1) ? null
                            : "received " + receiver.received().rtp(ssrc).size());
            List<Integer> got = receiver.received().rtp(ssrc).stream().map(p -> p.sequence())
                    .filter(s -> s >= start).toList();
            assertEquals(expected, got, receiver.identity().streamId() + ": every packet once, in order");
        }
        assertTrue(other.packetsOut() - otherSentBefore >= count,
                "the conference's fan-out was spread: the other loop sent to its share of the receivers");
    }
}
