package io.meridian.server.node;

import io.meridian.router.DropReason;
import io.meridian.router.MediaCounters;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** RFC 3711 §3.3: a packet whose tag does not verify, and a replayed one, are dropped, counted and never forwarded. */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class SrtpRejectionTest {
    private RunningNode node;
    private TestPeer sender;
    private TestPeer receiver;
    private long ssrc;

    @BeforeEach
    void start() throws Exception {
        node = RunningNode.start();
        TestPeer[] pair = node.pair("rejection", "sender", "receiver");
        sender = pair[0];
        receiver = pair[1];
        ssrc = sender.identity().audioSsrc();
        sender.sendUntilReceived(receiver, ssrc, 1, PeerSdp.OPUS_PT, "flowing");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void flippedAuthTagBitIsDroppedAndCounted() {
        MediaCounters counters = node.server.mediaCounters();
        long before = counters.drops(DropReason.SRTP_AUTH_FAILED);
        int tamperedSequence = 20_000;
        byte[] tampered = sender.protectRtp(ssrc, tamperedSequence, PeerSdp.OPUS_PT, "tampered");
        tampered[tampered.length - 1] ^= 0x01;
        sender.sendRaw(tampered);

        Poll.until("the node counts an SRTP authentication failure",
                () -> counters.drops(DropReason.SRTP_AUTH_FAILED) > before ? null
                        : "SRTP_AUTH_FAILED still " + counters.drops(DropReason.SRTP_AUTH_FAILED));
        sender.sendUntilReceived(receiver, ssrc, tamperedSequence + 1, PeerSdp.OPUS_PT, "after tampering");

        assertFalse(receiver.received().hasSequence(ssrc, tamperedSequence), "the tampered packet was forwarded");
        assertFalse(receiver.received().rtp(ssrc).stream().anyMatch(p -> p.payloadText().equals("tampered")));
    }

    @Test
    void replayedPacketIsDroppedAndCounted() {
        MediaCounters counters = node.server.mediaCounters();
        long before = counters.drops(DropReason.SRTP_REPLAYED);
        int sequence = 30_000;
        byte[] original = sender.sendRtp(ssrc, sequence, PeerSdp.OPUS_PT, "once");
        Poll.until("the original packet arrives",
                () -> receiver.received().hasSequence(ssrc, sequence) ? null : "not yet");
        sender.sendRaw(original.clone());
        sender.sendRaw(original.clone());

        Poll.until("the node counts both replays",
                () -> counters.drops(DropReason.SRTP_REPLAYED) >= before + 2 ? null
                        : "SRTP_REPLAYED " + counters.drops(DropReason.SRTP_REPLAYED) + ", was " + before);
        sender.sendUntilReceived(receiver, ssrc, sequence + 1, PeerSdp.OPUS_PT, "after replay");

        assertEquals(1, receiver.received().countSequence(ssrc, sequence), "the replayed packet was forwarded");
    }
}
