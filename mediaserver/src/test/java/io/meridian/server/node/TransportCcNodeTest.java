package io.meridian.server.node;

import io.meridian.client.PeerSdp;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transport-cc through the whole node with the scripted peer, which offers it as Chromium does and feeds back the
 * node's numbers: the receiver gets an estimate, even for a publisher whose packets carry no transport-wide number
 * (the node adds the element); switched off ({@code cc.transport-cc=false}) it is not negotiated at all.
 */
@ExtendWith(LeakGuard.class)
@Timeout(60)
class TransportCcNodeTest {
    @Test
    void aReceiverThatFeedsBackGetsAnEstimate() throws Exception {
        try (RunningNode node = RunningNode.start()) {
            TestPeer[] pair = node.pair("tcc", "publisher", "receiver");
            TestPeer publisher = pair[0];
            TestPeer receiver = pair[1];
            assertTrue(receiver.answerSdp().contains(" transport-cc"), receiver.answerSdp());
            long video = publisher.identity().videoSsrc();
            int next = publisher.sendUntilReceived(receiver, video, 1, PeerSdp.VP8_PT, "first") + 1;
            int[] sequence = {next};
            Poll.until("the node estimates the receiver's downlink", () -> {
                // Packets keep flowing (the feedback reports them); none carries a transport-wide number of its own.
                publisher.sendRtp(video, sequence[0]++, PeerSdp.VP8_PT, "video");
                Long estimate = estimate(node, receiver);
                return estimate != null && estimate > 0 ? null : "estimatedBitrate " + estimate;
            });
        }
    }

    @Test
    void switchedOffItIsNotNegotiated() throws Exception {
        try (RunningNode node = RunningNode.startWith("--cc-transport-cc", "false")) {
            TestPeer[] pair = node.pair("tcc-off", "publisher", "receiver");
            for (TestPeer peer : pair) {
                assertFalse(peer.answerSdp().contains("transport-cc"), peer.answerSdp());
                assertFalse(peer.answerSdp().contains("transport-wide-cc"), peer.answerSdp());
            }
            TestPeer publisher = pair[0];
            publisher.sendUntilReceived(pair[1], publisher.identity().videoSsrc(), 1, PeerSdp.VP8_PT, "video");
            assertNull(estimate(node, pair[1]), "no estimate without transport-cc");
        }
    }

    private static Long estimate(RunningNode node, TestPeer peer) {
        return node.server.conferences().participant(peer.conferenceId(), peer.participantId()).transport()
                .estimatedBitrate();
    }
}
