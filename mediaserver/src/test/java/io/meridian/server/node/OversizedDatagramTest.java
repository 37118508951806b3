package io.meridian.server.node;

import io.meridian.client.PeerSdp;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.RawUdpSender;
import io.meridian.server.peer.TestPeer;
import io.meridian.server.transport.TransportCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A datagram longer than the node reads is dropped and counted, never processed as the first bytes the kernel gave
 * the node: before, a 65,507-byte datagram whose first 2,048 bytes were a valid ICE check passed the check.
 */
@ExtendWith(LeakGuard.class)
@Timeout(60)
class OversizedDatagramTest {
    /** The largest UDP payload over IPv4. */
    private static final int MAX_UDP = 65_507;

    @Test
    void aLongDatagramStartingWithAValidCheckIsDroppedAsOversized() throws Exception {
        try (RunningNode node = RunningNode.start(); RawUdpSender stranger = new RawUdpSender(node.server.mediaPort())) {
            TestPeer[] pair = node.pair("oversized", "victim", "witness");
            TestPeer victim = pair[0];
            TransportCounters counters = node.server.transportCounters();
            long oversizedBefore = counters.oversized();
            long unverifiedBefore = counters.unverifiedSource();

            byte[] check = victim.bindingRequest(true);
            stranger.send(Arrays.copyOf(check, MAX_UDP));
            stranger.barrier();
            assertEquals(oversizedBefore + 1, counters.oversized(), "counted once, as oversized");

            // Had the check been processed, the stranger's address would now be checked and its media accepted.
            stranger.send(victim.protectRtp(victim.identity().audioSsrc(), 7, PeerSdp.OPUS_PT, "from a stranger"));
            stranger.barrier();
            assertEquals(unverifiedBefore + 1, counters.unverifiedSource(), "the stranger's address was never checked");

            victim.sendUntilReceived(pair[1], victim.identity().audioSsrc(), 100, PeerSdp.OPUS_PT, "still fine");
        }
    }
}
