package io.meridian.server.transport;

import io.meridian.client.ApiClient;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's ICE-TCP port (RFC 6544, RFC 4571 frames) against clients that break its rules: media or garbage before
 * any ICE check, a frame longer than any packet, and a participant that stops reading each close the connection and are
 * counted; a call beside them keeps its media.
 */
@ExtendWith(LeakGuard.class)
class IceTcpAbuseTest {
    @Test
    void brokenTcpPeersAreDisconnectedAndCountedAndACallBesideThemGoesOn() throws Exception {
        try (MeridianServer node = MeridianServer.start(MeridianConfig.devOnLoopback())) {
            assertTrue(node.mediaTcpPort() > 0, "a node on any free UDP port listens on a free TCP port too");
            ApiClient api = ApiClient.onLoopback(node.httpPort());
            TestPeer ann = TestPeer.join(api, "beside", "ann");
            TestPeer ben = TestPeer.join(api, "beside", "ben");
            ann.awaitAnsweredOfferWith(ben);
            ben.awaitAnsweredOfferWith(ann);
            TransportCounters counters = node.transportCounters();

            // An SRTP-looking frame (RFC 7983: first byte 128-191) before any check.
            assertClosedAfter(node, new byte[] {0, 12, (byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1},
                    counters::tcpClosedUnchecked);
            // Garbage: a frame whose first byte is none of STUN, DTLS or RTP (RFC 7983 §7).
            assertClosedAfter(node, new byte[] {0, 4, (byte) 0xFF, 1, 2, 3}, counters::tcpClosedUnchecked);
            // A length no packet has: 65,535 bytes announced.
            assertClosedAfter(node, new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1, 2, 3}, counters::tcpClosedOversized);

            long seen = ben.received().rtp(ann.identity().videoSsrc()).size();
            int[] seq = {1000};
            Poll.until("ben still gets ann's video", () -> {
                ann.sendRtp(ann.identity().videoSsrc(), seq[0]++ & 0xFFFF, 96, "after");
                return ben.received().rtp(ann.identity().videoSsrc()).size() > seen ? null : "nothing new yet";
            });
            ReadAccounting.assertEveryPacketCountedOnce(node);
            ann.close();
            ben.close();
        }
    }

    @Test
    void aTcpParticipantThatStopsReadingIsDisconnectedAndCountedAndTheOthersKeepTheirMedia() throws Exception {
        try (MeridianServer node = MeridianServer.start(MeridianConfig.devOnLoopback())) {
            ApiClient api = ApiClient.onLoopback(node.httpPort());
            TestPeer ann = TestPeer.join(api, "stall", "ann");
            TestPeer ben = TestPeer.join(api, "stall", "ben");
            TestPeer cat = TestPeer.joinOverTcp(api, "stall", "cat");
            for (TestPeer p : List.of(ann, ben, cat)) {
                for (TestPeer other : List.of(ann, ben, cat)) {
                    if (p != other) {
                        p.awaitAnsweredOfferWith(other);
                    }
                }
            }
            TransportCounters counters = node.transportCounters();
            long annVideo = ann.identity().videoSsrc();
            long catVideo = cat.identity().videoSsrc();
            int[] seq = {1};

            // Media both ways over the TCP connection first: it works before it stalls.
            Poll.until("cat gets ann's video over TCP and ann gets cat's", () -> {
                ann.sendRtp(annVideo, seq[0], 96, "to cat");
                cat.sendRtp(catVideo, seq[0]++, 96, "from cat");
                return !cat.received().rtp(annVideo).isEmpty() && !ann.received().rtp(catVideo).isEmpty() ? null
                        : "cat has " + cat.received().rtp(annVideo).size() + ", ann "
                        + ann.received().rtp(catVideo).size();
            });

            cat.reading(false);
            long stalledBefore = counters.tcpClosedStalled();
            String payload = "v".repeat(1000);
            // The node's socket buffer and the client's fill first, then the connection's 256 KB write queue; then
            // not a byte leaves it for 5 s.
            Poll.until("the node closes cat's stalled connection", Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 100; i++) {
                    ann.sendRtp(annVideo, seq[0]++ & 0xFFFF, 96, payload);
                }
                return counters.tcpClosedStalled() > stalledBefore ? null
                        : "dropped at the full queue so far: " + counters.tcpWriteQueueFull();
            });
            assertEquals(stalledBefore + 1, counters.tcpClosedStalled(), "one connection closed as stalled");
            assertTrue(counters.tcpWriteQueueFull() > 0, "packets to the stalled reader were dropped and counted");

            long seen = ben.received().rtp(annVideo).size();
            Poll.until("ben still gets ann's video", () -> {
                ann.sendRtp(annVideo, seq[0]++ & 0xFFFF, 96, "after");
                return ben.received().rtp(annVideo).size() > seen ? null : "nothing new yet";
            });
            ReadAccounting.assertEveryPacketCountedOnce(node);
            for (TestPeer p : List.of(ann, ben, cat)) {
                p.close();
            }
        }
    }

    /** A connection that sends {@code bytes} is closed by the node, and {@code counter} grows by one. */
    private static void assertClosedAfter(MeridianServer node, byte[] bytes, LongSupplier counter)
            throws IOException {
        long before = counter.getAsLong();
        try (Socket socket = new Socket("127.0.0.1", node.mediaTcpPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals(-1, in.read(), "the node closes the connection");
        }
        Poll.until("the close is counted", () -> counter.getAsLong() == before + 1 ? null
                : "counted " + (counter.getAsLong() - before));
    }
}
