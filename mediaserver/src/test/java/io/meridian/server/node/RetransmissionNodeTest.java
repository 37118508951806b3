package io.meridian.server.node;

import io.meridian.client.PeerSdp;
import io.meridian.router.MediaCounters;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.ReceivedMedia;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver's NACK over the real transport is answered by the node, from its cache, as RTX on the RTX stream the
 * receiver's SDP announced: the original sequence number first, then the original payload. The publisher is not
 * asked.
 */
@ExtendWith(LeakGuard.class)
@Timeout(60)
class RetransmissionNodeTest {
    @Test
    void aNackedPacketComesBackAsRtxFromTheNode() throws Exception {
        // No probing: its bursts are RTX too, and could resend the very packet this test NACKs.
        try (RunningNode node = RunningNode.startWith("--cc-probing", "false")) {
            TestPeer[] pair = node.pair("nack", "publisher", "receiver");
            TestPeer publisher = pair[0];
            TestPeer receiver = pair[1];
            long video = publisher.identity().videoSsrc();
            long rtx = publisher.identity().rtxSsrc();
            int first = publisher.sendUntilReceived(receiver, video, 1, PeerSdp.VP8_PT, "probe");
            int lost = first + 500;
            publisher.sendRtp(video, lost, PeerSdp.VP8_PT, "the packet to repair");
            Poll.until("the packet arrives once", () -> receiver.received().hasSequence(video, lost) ? null : "not yet");
            MediaCounters counters = node.server.mediaCounters();
            long upstreamBefore = counters.upstreamNacks();

            byte[] nack = new byte[GenericNack.HEADER_LENGTH + GenericNack.FCI_LENGTH];
            GenericNack.write(nack, 0, 0x4242, (int) video, new int[] {lost}, 1);
            receiver.sendRaw(receiver.protectRtcp(nack));
            Poll.until("an RTX packet arrives", () -> receiver.received().rtp(rtx).isEmpty() ? "none yet" : null);

            List<ReceivedMedia.Rtp> repairs = receiver.received().rtp(rtx);
            assertEquals(1, repairs.size());
            ReceivedMedia.Rtp repair = repairs.get(0);
            assertEquals(PeerSdp.RTX_PT, repair.payloadType(), "the receiver's RTX payload type");
            byte[] payload = repair.payload();
            assertEquals(lost, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF), "RFC 4588 §4: the OSN first");
            assertEquals("the packet to repair",
                    new String(Arrays.copyOfRange(payload, 2, payload.length), StandardCharsets.ISO_8859_1));
            assertTrue(counters.retransmissions() >= 1);
            assertEquals(upstreamBefore, counters.upstreamNacks(), "a hit is not passed to the publisher");
        }
    }
}
