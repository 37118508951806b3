package io.meridian.server.node;

import io.meridian.client.PeerSdp;
import io.meridian.router.DropReason;
import io.meridian.router.MediaCounters;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feedback a participant should not send: NACKs and PLIs about another conference's streams, and a NACK naming
 * thousands of packets. Each is dropped and counted, or bounded, and neither conference notices.
 */
@ExtendWith(LeakGuard.class)
@Timeout(60)
class HostileFeedbackTest {
    @Test
    void feedbackAboutOtherConferencesAndNackFloodsHarmNothing() throws Exception {
        try (RunningNode node = RunningNode.start()) {
            TestPeer[] ours = node.pair("hostile-a", "attacker", "witness");
            TestPeer[] theirs = node.pair("hostile-b", "victim", "viewer");
            TestPeer attacker = ours[0];
            TestPeer victim = theirs[0];
            long victimVideo = victim.identity().videoSsrc();
            victim.sendUntilReceived(theirs[1], victimVideo, 1, PeerSdp.VP8_PT, "before");
            ours[1].sendUntilReceived(attacker, ours[1].identity().videoSsrc(), 1, PeerSdp.VP8_PT, "before");
            MediaCounters counters = node.server.mediaCounters();
            long unknownBefore = counters.drops(DropReason.FEEDBACK_UNKNOWN_STREAM);

            byte[] pli = new byte[RtcpPacket.PLI_LENGTH];
            RtcpPacket.writePli(pli, 0, 1, (int) victimVideo);
            attacker.sendRaw(attacker.protectRtcp(pli));
            byte[] nack = new byte[GenericNack.HEADER_LENGTH + GenericNack.FCI_LENGTH];
            GenericNack.write(nack, 0, 1, (int) victimVideo, new int[] {5}, 1);
            attacker.sendRaw(attacker.protectRtcp(nack));
            attacker.consentCheck();
            assertEquals(unknownBefore + 2, counters.drops(DropReason.FEEDBACK_UNKNOWN_STREAM),
                    "both dropped and counted, not relayed to the other conference's publisher");

            // A NACK naming 8,000 packets (as many as fit a datagram the node reads; 10,000 would not, and a larger
            // datagram is dropped as oversized) of a stream the attacker does receive: bounded, counted.
            long witnessVideo = ours[1].identity().videoSsrc();
            int[] all = new int[8_000];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            byte[] flood = new byte[GenericNack.HEADER_LENGTH + all.length * GenericNack.FCI_LENGTH];
            int len = GenericNack.write(flood, 0, 1, (int) witnessVideo, all, all.length);
            long retransmittedBefore = counters.retransmissions();
            attacker.sendRaw(attacker.protectRtcp(java.util.Arrays.copyOf(flood, len)));
            attacker.consentCheck();
            assertTrue(counters.drops(DropReason.FEEDBACK_TOO_LARGE) >= 1, "the flood was cut and counted");
            assertTrue(counters.retransmissions() - retransmittedBefore <= 256, "at most 256 resends for one NACK");

            victim.sendUntilReceived(theirs[1], victimVideo, 100, PeerSdp.VP8_PT, "after");
            ours[1].sendUntilReceived(attacker, witnessVideo, 100, PeerSdp.VP8_PT, "after");
        }
    }
}
